import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { DigestSettings, PersonRef, TargetRef } from '../../src/core/ports.js';
import { createStore, type Database, type Store } from '../../src/store/index.js';
import { eachEngine } from '../helpers/engines.js';

const T0 = new Date('2026-06-01T09:00:00Z');
const T1 = new Date('2026-06-02T09:00:00Z');
const KEY = randomBytes(32);
const SECRET = JSON.stringify({ bot: { token: 'xoxb-secret-alpha-0001' } });
const ALPHA = { platform: 'slack', workspaceId: 'T0ALPHA', teamId: 'T0ALPHA', orgWide: false } as const;

const target = (channelId: string, workspaceId: string): TargetRef => ({ platform: 'slack', channelId, workspaceId });
const settings = (t: TargetRef, extra: Partial<DigestSettings> = {}): DigestSettings => ({
  target: t,
  time: '09:00',
  timezone: 'UTC',
  weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  top: 10,
  minUpvotes: 0,
  enabled: true,
  updatedAt: T0.toISOString(),
  ...extra,
});
const ada: PersonRef = { platform: 'slack', userId: 'U0ADA' };
const bea: PersonRef = { platform: 'slack', userId: 'U0BEA' };

let db: Database;
let store: Store;
const opened: Store[] = [];

eachEngine((engine) => {
  /** `keyless`: no TOKEN_ENCRYPTION_KEY. */
  const open = async (keyless = false) => {
    db = await engine.database();
    store = createStore(db, { tokenKey: keyless ? undefined : KEY });
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
  });

  describe('installations', () => {
    it('keeps the secret encrypted at rest and gives it back decrypted', async () => {
      await open();
      await store.installations.save(ALPHA, SECRET, T0);
      expect(await store.installations.secret('slack', 'T0ALPHA')).toBe(SECRET);
      const raw = await db.selectFrom('installations').select('secret').executeTakeFirstOrThrow();
      expect(raw.secret).not.toContain('xoxb');
      expect(raw.secret).toMatch(/^v1\./);
      expect(await store.installations.secret('slack', 'T0NOBODY')).toBeUndefined();
    });

    it('refuses a secret sealed for another row, or under another key', async () => {
      await open();
      await store.installations.save(ALPHA, SECRET, T0);
      await store.installations.save({ ...ALPHA, workspaceId: 'T0BETA', teamId: 'T0BETA' }, 'beta', T0);
      const sealed = (await db.selectFrom('installations').select('secret').where('workspace_id', '=', 'T0ALPHA').executeTakeFirstOrThrow()).secret;
      await db.updateTable('installations').set({ secret: sealed }).where('workspace_id', '=', 'T0BETA').execute();
      await expect(store.installations.secret('slack', 'T0BETA')).rejects.toThrow(/does not decrypt with TOKEN_ENCRYPTION_KEY/);
      const other = createStore(db, { tokenKey: randomBytes(32) });
      await expect(other.installations.secret('slack', 'T0ALPHA')).rejects.toThrow(/does not decrypt/);
    });

    it('says in one sentence that the key is missing', async () => {
      await open(true);
      await expect(store.installations.save(ALPHA, SECRET, T0)).rejects.toThrow(/^TOKEN_ENCRYPTION_KEY is not set;/);
    });

    it("a removal forgets the secret and pauses only that workspace's digests and people; a new install resumes only those", async () => {
      await open();
      await store.installations.save(ALPHA, SECRET, T0);
      await store.digests.save(settings(target('C1', 'T0ALPHA')));
      await store.digests.save(settings(target('C2', 'T0ALPHA')));
      await store.digests.save(settings(target('C3', 'T0BETA')));
      await store.digests.disable(target('C2', 'T0ALPHA'), 'The channel was archived.', T0);
      await store.people.setWorkspace(ada, 'T0ALPHA');
      await store.people.setWorkspace(bea, 'T0BETA');

      expect(await store.installations.remove('slack', 'T0ALPHA', 'the app was uninstalled', T1)).toEqual({ targets: 1, people: 1 });
      expect(await store.installations.secret('slack', 'T0ALPHA')).toBeUndefined();
      expect(await store.installations.list()).toEqual([
        { ...ALPHA, enterpriseId: undefined, installedAt: T0.toISOString(), removedAt: T1.toISOString(), removedReason: 'the app was uninstalled' },
      ]);
      expect((await store.digests.listEnabled()).map((t) => t.target.channelId)).toEqual(['C3']);
      expect((await store.digests.settings(target('C1', 'T0ALPHA')))?.disabledReason).toBe('Paused: the app was uninstalled');
      expect((await store.people.prefs(ada)).unreachableReason).toBe('Paused: the app was uninstalled');
      expect((await store.people.prefs(bea)).unreachableSince).toBeUndefined();

      expect(await store.installations.save(ALPHA, SECRET, T1)).toEqual({ targets: 1, people: 1 });
      expect((await store.digests.listEnabled()).map((t) => t.target.channelId)).toEqual(['C1', 'C3']);
      expect((await store.digests.settings(target('C2', 'T0ALPHA')))?.disabledReason).toBe('The channel was archived.');
      expect((await store.people.prefs(ada)).unreachableSince).toBeUndefined();
      expect((await store.installations.list())[0]?.removedAt).toBeUndefined();
    });

    it("remembers a person's workspace, and a move to another", async () => {
      await open();
      await store.people.setWorkspace(ada, 'T0ALPHA');
      expect((await store.people.prefs(ada)).workspaceId).toBe('T0ALPHA');
      await store.people.setWorkspace(ada, 'E0GRID');
      expect((await store.people.prefs(ada)).workspaceId).toBe('E0GRID');
    });
  });
});
