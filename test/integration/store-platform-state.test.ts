import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { eachEngine } from '../helpers/engines.js';

let store: Store;
const T0 = new Date('2026-06-01T09:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);


eachEngine((engine) => {
  beforeEach(async () => {
    store = await engine.store();
  });
  afterEach(() => store.close());

  describe('meta values', () => {
    it('stores, replaces and reads back a value; unknown keys are undefined', async () => {
      expect(await store.meta.get('discord.commands.hash')).toBeUndefined();
      await store.meta.set('discord.commands.hash', 'abc', T0);
      await store.meta.set('discord.commands.hash', 'def', later(1000));
      expect(await store.meta.get('discord.commands.hash')).toBe('def');
    });
  });

  describe('button state', () => {
    it('keeps a payload under a short random id until it expires', async () => {
      const id = await store.interactions.save('search', { query: 'origami "attention"', page: 2 }, T0, 60_000);
      expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(await store.interactions.load(id, later(59_000))).toEqual({ kind: 'search', payload: { query: 'origami "attention"', page: 2 } });
      expect(await store.interactions.load(id, later(60_000))).toBeUndefined();
      expect(await store.interactions.load('no-such-id', T0)).toBeUndefined();
    });

    it('prunes only what has expired', async () => {
      const old = await store.interactions.save('search', {}, T0, 1_000);
      const fresh = await store.interactions.save('search', {}, T0, 100_000);
      expect(await store.interactions.prune(later(5_000))).toBe(1);
      expect(await store.interactions.load(old, T0)).toBeUndefined();
      expect(await store.interactions.load(fresh, later(5_000))).toBeDefined();
    });
  });
});
