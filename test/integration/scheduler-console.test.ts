import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createConsoleMessenger } from '../../src/platforms/console/messenger.js';
import type { Store } from '../../src/store/index.js';
import type { FakeHuggingFace } from '../fakes/hf-server.js';
import { memoryStore } from '../helpers/memory-store.js';
import { fakeHuggingFace, makeScheduler, testClock } from './scheduler-support.js';

let store: Store;
let hf: FakeHuggingFace;

beforeEach(async () => {
  store = await memoryStore();
  hf = await fakeHuggingFace('2026-06-08', ['2026-06-05']);
});
afterEach(async () => {
  await store.close();
  await hf.close();
});

it('prints a console target\'s digest at its time, once', async () => {
  const output = new PassThrough();
  let printed = '';
  output.setEncoding('utf8').on('data', (d: string) => (printed += d));
  const clock = testClock('2026-06-08T09:00:20Z');
  await store.digests.save({
    target: { platform: 'console', channelId: 'terminal' },
    time: '09:00',
    timezone: 'UTC',
    weekdays: ['mon'],
    top: 3,
    minUpvotes: 0,
    enabled: true,
    updatedAt: '2026-06-01T00:00:00Z',
  });
  const scheduler = makeScheduler(store, hf, clock, [createConsoleMessenger({ output, operator: { platform: 'console', userId: 'operator' } })]);
  await scheduler.pass();
  await scheduler.pass();
  expect(printed.match(/Daily Papers · Fri 5 Jun 2026/g)).toHaveLength(1);
  expect(await store.digests.last({ platform: 'console', channelId: 'terminal' })).toMatchObject({ paperIds: expect.any(Array) });
});
