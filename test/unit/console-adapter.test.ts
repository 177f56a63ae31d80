import { fileURLToPath } from 'node:url';
import { memoryStore } from '../helpers/memory-store.js';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher, type Dispatch } from '../../commands/dispatch.js';
import { createCommandServices } from '../../commands/services.js';
import type { PersonRef, TargetRef } from '../../src/core/ports.js';
import { CONSOLE_FAILURE, printAlerts, runConsole } from '../../src/platforms/console/console-adapter.js';
import { createHuggingFaceSource } from '../../src/sources/hf/client.js';
import type { Store } from '../../src/store/index.js';
import { startFakeHuggingFace, type FakeHuggingFace } from '../fakes/hf-server.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/hf/', import.meta.url));
const NOW = new Date('2026-06-05T12:00:00Z');
const person: PersonRef = { platform: 'console', userId: 'operator' };
const target: TargetRef = { platform: 'console', channelId: 'console' };

let hf: FakeHuggingFace;
let store: Store;
let dispatch: Dispatch;

/** Feeds `lines` to a piped console and collects everything it prints. */
async function session(lines: string[], options: { dispatch?: Dispatch; end?: boolean } = {}) {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const errors: unknown[] = [];
  let idle = 0;
  const done = runConsole({
    input,
    output,
    terminal: false,
    dispatch: options.dispatch ?? dispatch,
    person,
    target,
    now: () => NOW,
    onIdle: () => void idle++,
    logger: { error: (details) => void errors.push(details) },
  });
  input.write(lines.map((l) => `${l}\n`).join(''));
  if (options.end !== false) input.end();
  await done;
  return { printed, errors, idle };
}

beforeAll(async () => {
  hf = await startFakeHuggingFace({ dir: FIXTURES, today: '2026-06-05' });
});
afterAll(() => hf.close());

beforeEach(async () => {
  store = await memoryStore();
  const source = createHuggingFaceSource({ baseUrl: hf.url, retries: 0 });
  await store.papers.upsert(await source.daily('2026-06-01'), 'daily', NOW);
  dispatch = createDispatcher(createCommandServices({ ...store, source })).dispatch;
  return () => store.close();
});

describe('console adapter, piped', () => {
  it('answers /papers subscribe, subscriptions and search, without a prompt', async () => {
    const { printed, idle } = await session([
      '/papers subscribe "speculative decoding"',
      '',
      'subscriptions',
      '/papers search origami attention',
    ]);
    expect(printed).toContain('Subscribed to "speculative decoding".');
    expect(printed).toContain('1. "speculative decoding"');
    expect(printed).toContain('1.  Origami Attention: Folding Long Contexts into Constant Memory');
    expect(printed).toContain('https://huggingface.co/papers/2605.28811');
    expect(printed).not.toContain('papers>');
    expect(printed).not.toContain('\x1b[');
    expect(idle).toBe(3);
    expect((await store.subscriptions.list(person)).map((s) => s.topic)).toEqual(['"speculative decoding"']);
  });

  it('prints usage errors and error replies, then carries on', async () => {
    const { printed } = await session(['/papers serch x', 'paper nonsense', 'subscriptions']);
    expect(printed).toContain('There is no /papers serch; did you mean search?\nUsage: /papers search <query> [page:N]');
    expect(printed).toContain('Error: `nonsense` is not an arXiv id or paper link');
    expect(printed).toContain('You follow no topics yet.');
  });

  it('treats the operator as an admin', async () => {
    const { printed } = await session(['digest set 08:00 Europe/Berlin', 'digest show']);
    expect(printed).toContain('Digest here: the top 10 papers, Monday to Friday at 08:00 Europe/Berlin.');
  });

  it('stops at exit, without waiting for the end of input', async () => {
    const { printed } = await session(['subscriptions', 'exit', 'subscribe never'], { end: false });
    expect(printed).toContain('You follow no topics yet.');
    expect(printed).not.toContain('never');
    expect(await store.subscriptions.list(person)).toEqual([]);
  });

  it('survives an unexpected failure with one line, and logs it', async () => {
    let calls = 0;
    const flaky: Dispatch = async (invocation) => {
      calls++;
      if (calls === 1) throw new Error('database is on fire');
      return dispatch(invocation);
    };
    const { printed, errors } = await session(['today', 'subscriptions'], { dispatch: flaky });
    expect(printed.split('\n')[0]).toBe(CONSOLE_FAILURE);
    expect(printed).toContain('You follow no topics yet.');
    expect(printed).not.toContain('on fire');
    expect(errors).toHaveLength(1);
  });

  it('prints alerts as a direct message', () => {
    const output = new PassThrough();
    printAlerts(output, { visibility: 'private', blocks: [{ type: 'text', text: 'New papers on your topics' }] });
    expect(output.read().toString()).toContain('--- direct message ---\nNew papers on your topics');
  });
});

describe('console adapter, on a terminal', () => {
  it('shows the papers> prompt and ends on Ctrl-C', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const done = runConsole({ input, output, terminal: true, dispatch, person, target, now: () => NOW });
    input.write('subscriptions\r');
    await expect.poll(() => printed).toContain('You follow no topics yet.');
    input.write('\x03');
    await done;
    expect(printed).toContain('papers> ');
  });
});
