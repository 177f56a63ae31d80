import { describe, expect, it } from 'vitest';
import { createInFlight } from '../../src/core/in-flight.js';

describe('createInFlight', () => {
  it('drains once everything tracked has settled, failures included', async () => {
    const inFlight = createInFlight();
    let finish!: () => void;
    const slow = inFlight.track(new Promise<void>((done) => (finish = done)));
    const failing = inFlight.track(Promise.reject(new Error('send failed')));
    await expect(failing).rejects.toThrow('send failed');
    expect(inFlight.size).toBe(1);
    const drained = inFlight.drain(60_000);
    finish();
    await slow;
    expect(await drained).toBe(true);
    expect(inFlight.size).toBe(0);
  });

  it('gives up on work that never finishes and says so', async () => {
    const inFlight = createInFlight();
    void inFlight.track(new Promise<void>(() => undefined));
    expect(await inFlight.drain(1)).toBe(false);
    expect(inFlight.size).toBe(1);
  });

  it('returns the work it follows unchanged', async () => {
    const inFlight = createInFlight();
    await expect(inFlight.track(Promise.resolve(42))).resolves.toBe(42);
    expect(await inFlight.drain(1)).toBe(true);
  });
});
