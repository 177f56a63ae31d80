import { fileURLToPath } from 'node:url';
import { memoryStore } from '../helpers/memory-store.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher, type Dispatch, type Dispatcher } from '../../commands/dispatch.js';
import { pageCommand } from '../../commands/paging.js';
import { parseCommandText } from '../../commands/parse-text.js';
import { createCommandServices } from '../../commands/services.js';
import type { CommandContext } from '../../commands/types.js';
import type { Reply } from '../../src/core/message.js';
import { ADMIN_ONLY } from '../../src/core/use-cases/digest.js';
import { createHuggingFaceSource } from '../../src/sources/hf/client.js';
import type { Store } from '../../src/store/index.js';
import { startFakeHuggingFace, type FakeHuggingFace } from '../fakes/hf-server.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/hf/', import.meta.url));
const NOW = new Date('2026-06-05T12:00:00Z');
const member: CommandContext = {
  person: { platform: 'slack', userId: 'U_MEMBER' },
  target: { platform: 'slack', channelId: 'C_LAB', workspaceId: 'T1' },
  isAdmin: false,
  now: NOW,
};

let hf: FakeHuggingFace;
let store: Store;
let dispatcher: Dispatcher;
let dispatch: Dispatch;

async function run(text: string, context: CommandContext = member): Promise<Reply> {
  const command = parseCommandText(text);
  if (command instanceof Error) throw command;
  return dispatch({ command, context });
}

function text(reply: Reply): string {
  return reply.blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
}

beforeAll(async () => {
  hf = await startFakeHuggingFace({ dir: FIXTURES, today: '2026-06-05' });
});
afterAll(() => hf.close());

beforeEach(async () => {
  store = await memoryStore();
  const source = createHuggingFaceSource({ baseUrl: hf.url, retries: 0 });
  await store.papers.upsert(await source.daily('2026-06-04'), 'daily', NOW);
  dispatcher = createDispatcher(createCommandServices({ ...store, source }));
  dispatch = dispatcher.dispatch;
  return () => store.close();
});

describe('dispatcher', () => {
  it('runs a subcommand parsed from text', async () => {
    expect(text(await run('/papers subscribe world models'))).toContain('Subscribed to "world models"');
    expect(text(await run('subscriptions'))).toContain('1. world models');
    const today = await run('today');
    expect(today.blocks.some((b) => b.type === 'papers')).toBe(true);
  });

  it('marks the person reachable again on any command', async () => {
    await store.people.markUnreachable(member.person, 'cannot_dm', NOW);
    expect((await store.people.prefs(member.person)).unreachableSince).toBeDefined();
    await run('help');
    expect((await store.people.prefs(member.person)).unreachableSince).toBeUndefined();
  });

  it("turns a person's mistake into an error reply with its sentence", async () => {
    const refused = await run('digest set top:5');
    expect(refused.blocks).toEqual([
      { type: 'notice', tone: 'error', text: ADMIN_ONLY },
    ]);
    expect((await run('paper 2601.99999')).blocks[0]).toMatchObject({ tone: 'error' });
    expect(text(await run('digest set top:5', { ...member, isAdmin: true }))).toContain('the top 5 papers');
  });

  it('answers commands built by other platforms that miss options or do not exist', async () => {
    const missing = await dispatch({ command: { name: 'search', options: {} }, context: member });
    expect(text(missing)).toBe('/papers search needs a query: /papers search <query> [page:N]');
    const unknown = await dispatch({ command: { name: 'digest explode', options: {} }, context: member });
    expect(text(unknown)).toContain('There is no /papers digest explode');
  });

  it('suggests values for the options the tree says autocomplete, and nothing for others', async () => {
    await run('subscribe speculative decoding');
    await run('subscribe state space models');
    const suggest = (command: string, option: string, partial: string) => dispatcher.suggest({ command, option, partial, context: member });
    expect(await suggest('unsubscribe', 'topic', 'spec')).toEqual(['speculative decoding']);
    expect(await suggest('digest set', 'timezone', 'europe/ber')).toEqual(['Europe/Berlin']);
    expect(await suggest('digest set', 'topic', 'spec')).toEqual([]);
    expect(await suggest('frobnicate', 'x', '')).toEqual([]);
  });

  it('ties a paged reply to how it was asked for, so a platform turns the page by running it again', async () => {
    const first = await run('search model');
    expect(first.paging).toMatchObject({ command: 'search', page: 1, args: { query: 'model' } });
    expect(first.paging!.pageCount).toBeGreaterThan(1);
    const next = pageCommand(first.paging!, 2)!;
    expect(next).toEqual({ name: 'search', options: { query: 'model', page: 2 } });
    const second = await dispatch({ command: next, context: member });
    expect(second.paging).toMatchObject({ page: 2, args: { query: 'model' } });
    expect(text(second)).toBe(text(first));
    expect(second.blocks.find((b) => b.type === 'papers')).not.toEqual(first.blocks.find((b) => b.type === 'papers'));
  });

  it('serves help from the tree', async () => {
    expect(text(await run('help alerts'))).toContain('/papers alerts daily 08:00 Europe/Berlin');
  });

  it('lets unexpected failures through to the platform boundary', async () => {
    await store.close();
    await expect(run('subscriptions')).rejects.toThrow();
  });
});
