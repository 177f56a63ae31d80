import { fileURLToPath } from 'node:url';
import { PassThrough, Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher, type Dispatch } from '../../commands/dispatch.js';
import { createCommandServices, type CommandServices } from '../../commands/services.js';
import { loadConfig } from '../../src/config.js';
import type { PersonRef, TargetRef } from '../../src/core/ports.js';
import { platformContext } from '../../src/main.js';
import { createConsoleAdapter } from '../../src/platforms/console/console-adapter.js';
import { CONSOLE_FAILURE } from '../../src/platforms/console/errors.js';
import { createConsoleMessenger, printDirect } from '../../src/platforms/console/messenger.js';
import { createHuggingFaceSource } from '../../src/sources/hf/client.js';
import type { Store } from '../../src/store/index.js';
import { startFakeHuggingFace, type FakeHuggingFace } from '../fakes/hf-server.js';
import { memoryStore } from '../helpers/memory-store.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/hf/', import.meta.url));
const NOW = new Date('2026-06-05T12:00:00Z');
const person: PersonRef = { platform: 'console', userId: 'operator' };
const target: TargetRef = { platform: 'console', channelId: 'terminal' };
const greeting = { fetched: 'Fetched 0 papers: 0 new, 0 updated.', digest: async () => undefined };

let hf: FakeHuggingFace;
let store: Store;
let services: CommandServices;
let dispatch: Dispatch;

/** A console on `input`/`output`, its logged errors collected; `dispatch` replaces the real one. */
function consoleOn(input: PassThrough, output: NodeJS.WritableStream, options: { dispatch?: Dispatch; terminal?: boolean } = {}) {
  const errors: unknown[] = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => void errors.push(JSON.parse(line)) });
  const config = loadConfig({ DATABASE_URL: ':memory:', HF_API_URL: hf.url });
  const dispatcher = { ...createDispatcher(services), ...(options.dispatch ? { dispatch: options.dispatch } : {}) };
  const context = platformContext({ config, logger, clock: { now: () => NOW }, services, store, dispatcher });
  const adapter = createConsoleAdapter(context, { input, output, terminal: options.terminal ?? false }, { person, target });
  return { adapter, errors };
}

/** What is written to it, as it is written. */
function sink(): Writable & { text: string } {
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      out.text += chunk.toString();
      done();
    },
  }) as Writable & { text: string };
  out.text = '';
  return out;
}

/** Feeds `lines` to a piped console and collects everything it prints after its greeting. */
async function session(lines: string[], options: { dispatch?: Dispatch; end?: boolean } = {}) {
  const input = new PassThrough();
  const output = sink();
  const { adapter, errors } = consoleOn(input, output, options);
  await adapter.start();
  await adapter.greet(greeting);
  const greeted = output.text.length;
  input.write(lines.map((l) => `${l}\n`).join(''));
  if (options.end !== false) input.end();
  await adapter.ended;
  return { printed: output.text.slice(greeted), errors };
}

beforeAll(async () => {
  hf = await startFakeHuggingFace({ dir: FIXTURES, today: '2026-06-05' });
});
afterAll(() => hf.close());

beforeEach(async () => {
  store = await memoryStore();
  const source = createHuggingFaceSource({ baseUrl: hf.url, retries: 0 });
  await store.papers.upsert(await source.daily('2026-06-01'), 'daily', NOW);
  services = createCommandServices({ ...store, source });
  dispatch = createDispatcher(services).dispatch;
  return () => store.close();
});

describe('console adapter, piped', () => {
  it('answers /papers subscribe, subscriptions and search, without a prompt', async () => {
    const { printed } = await session([
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

  it('prints alerts as a direct message, for the operator only', async () => {
    const output = sink();
    const alert = { visibility: 'private' as const, blocks: [{ type: 'text' as const, text: 'New papers on your topics' }] };
    printDirect(output, alert);
    expect(output.text).toContain('--- direct message ---\nNew papers on your topics');
    const messenger = createConsoleMessenger({ output, operator: person });
    await messenger.sendDirect(person, alert);
    expect(output.text.match(/--- direct message ---/g)).toHaveLength(2);
    await expect(messenger.sendDirect({ platform: 'console', userId: 'someone-else' }, alert)).rejects.toMatchObject({ kind: 'person-unreachable' });
    expect(output.text.match(/--- direct message ---/g)).toHaveLength(2);
  });
});

describe('console adapter, on a terminal', () => {
  it('shows the papers> prompt and ends on Ctrl-C', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const { adapter } = consoleOn(input, output, { terminal: true });
    await adapter.greet(greeting);
    input.write('subscriptions\r');
    await expect.poll(() => printed).toContain('You follow no topics yet.');
    input.write('\x03');
    await adapter.ended;
    expect(printed).toContain('papers> ');
  });
});
