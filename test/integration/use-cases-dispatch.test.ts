import { fileURLToPath } from 'node:url';
import { memoryStore } from '../helpers/memory-store.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher, type Dispatch } from '../../commands/dispatch.js';
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
  dispatch = createDispatcher(createCommandServices({ ...store, source })).dispatch;
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

  it('serves help from the tree', async () => {
    expect(text(await run('help alerts'))).toContain('/papers alerts daily 08:00 Europe/Berlin');
  });

  it('lets unexpected failures through to the platform boundary', async () => {
    await store.close();
    await expect(run('subscriptions')).rejects.toThrow();
  });
});
