import { fileURLToPath } from 'node:url';
import { PassThrough, Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCommandServices, type CommandServices } from '../../commands/services.js';
import { loadConfig } from '../../src/config.js';
import type { PersonRef, TargetRef } from '../../src/core/ports.js';
import { platformContext } from '../../src/main.js';
import { createConsoleAdapter } from '../../src/platforms/console/console-adapter.js';
import { printDirect } from '../../src/platforms/console/messenger.js';
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

/** A console on `input`/`output`. */
function consoleOn(input: PassThrough, output: NodeJS.WritableStream, terminal = false) {
  const config = loadConfig({ DATABASE_URL: ':memory:', HF_API_URL: hf.url });
  const context = platformContext({ config, logger: pino({ level: 'silent' }), clock: { now: () => NOW }, services, store });
  return createConsoleAdapter(context, { input, output, terminal }, { person, target });
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
async function session(lines: string[], options: { end?: boolean } = {}) {
  const input = new PassThrough();
  const output = sink();
  const adapter = consoleOn(input, output);
  await adapter.start();
  await adapter.greet(greeting);
  const greeted = output.text.length;
  input.write(lines.map((l) => `${l}\n`).join(''));
  if (options.end !== false) input.end();
  await adapter.ended;
  return { printed: output.text.slice(greeted) };
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
  return () => store.close();
});

describe('console adapter, piped', () => {
  it('prints answers without a prompt or colour, and skips empty lines', async () => {
    const { printed } = await session(['', '/papers search origami attention']);
    expect(printed).toContain('1.  Origami Attention: Folding Long Contexts into Constant Memory');
    expect(printed).toContain('https://huggingface.co/papers/2605.28811');
    expect(printed).not.toContain('papers>');
    expect(printed).not.toContain('\x1b[');
  });

  it('prints usage errors and error replies, then carries on', async () => {
    const { printed } = await session(['/papers serch x', 'paper nonsense', 'subscriptions']);
    expect(printed).toContain('There is no /papers serch; did you mean search?\nUsage: /papers search <query> [page:N]');
    expect(printed).toContain('Error: `nonsense` is not an arXiv id or paper link');
    expect(printed).toContain('You follow no topics yet.');
  });

  it('stops at exit, without waiting for the end of input', async () => {
    const { printed } = await session(['subscriptions', 'exit', 'subscribe never'], { end: false });
    expect(printed).toContain('You follow no topics yet.');
    expect(printed).not.toContain('never');
    expect(await store.subscriptions.list(person)).toEqual([]);
  });

  it('prints a direct message between dashed lines that scripts find', () => {
    const output = sink();
    printDirect(output, { visibility: 'private', blocks: [{ type: 'text', text: 'New papers on your topics' }] });
    expect(output.text).toBe('\n--- direct message ---\nNew papers on your topics\n---\n');
  });
});

describe('console adapter, on a terminal', () => {
  it('shows the papers> prompt and ends on Ctrl-C', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const adapter = consoleOn(input, output, true);
    await adapter.greet(greeting);
    input.write('subscriptions\r');
    await expect.poll(() => printed).toContain('You follow no topics yet.');
    input.write('\x03');
    await adapter.ended;
    expect(printed).toContain('papers> ');
  });
});
