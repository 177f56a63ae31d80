import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher, type Dispatch } from '../../commands/dispatch.js';
import { parseCommandText } from '../../commands/parse-text.js';
import { createCommandServices } from '../../commands/services.js';
import type { CommandContext } from '../../commands/types.js';
import { rankPapers } from '../../src/core/digest/rank.js';
import type { Block, Reply } from '../../src/core/message.js';
import { createHuggingFaceSource } from '../../src/sources/hf/client.js';
import type { Store } from '../../src/store/index.js';
import { startFakeHuggingFace, type FakeHuggingFace } from '../fakes/hf-server.js';
import { memoryStore } from '../helpers/memory-store.js';
import { subjectPaper } from '../helpers/topic-papers.js';

const NOW = new Date('2026-06-05T12:00:00Z');
const ada: CommandContext = { person: { platform: 'console', userId: 'ada' }, isAdmin: false, now: NOW };
/** This week: diffusion and agents papers, with upvotes that favour neither. */
const WEEK = Array.from({ length: 16 }, (_, n) => subjectPaper(`2606.020${String(n).padStart(2, '0')}`, n % 2 === 0 ? 'diffusion' : 'agents', n));
const OLD = subjectPaper('2605.09999', 'diffusion', 99, { dailyDate: '2026-05-20', upvotes: 999 });

let hf: FakeHuggingFace;
let store: Store;
let dispatch: Dispatch;

async function run(line: string, context: CommandContext = ada): Promise<Reply> {
  const command = parseCommandText(line);
  if (command instanceof Error) throw command;
  return dispatch({ command, context });
}
const text = (reply: Reply) => reply.blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
const papersOf = (reply: Reply) => reply.blocks.flatMap((b: Block) => (b.type === 'papers' ? b.items : []));

beforeAll(async () => {
  hf = await startFakeHuggingFace({ days: {}, today: '2026-06-05' });
});
afterAll(() => hf.close());

beforeEach(async () => {
  store = await memoryStore();
  await store.papers.upsert([...WEEK, OLD], 'daily', NOW);
  dispatch = createDispatcher(createCommandServices({ ...store, source: createHuggingFaceSource({ baseUrl: hf.url, retries: 0 }) })).dispatch;
  return () => store.close();
});

describe('like and dislike', () => {
  it('note a vote, take it back on a second like, change it with dislike, and count towards foryou', async () => {
    const id = WEEK[0]!.id;
    expect(text(await run(`like ${id}`))).toBe(`👍 noted for "${WEEK[0]!.title}". 4 more votes and /papers foryou picks papers for you.`);
    expect(text(await run(`like https://huggingface.co/papers/${id}`))).toMatch(/^Your 👍 on ".*" is taken back\. 5 more votes/);
    await run(`like ${id}`);
    expect(text(await run(`dislike ${id}`))).toMatch(/^Changed to 👎 for "/);
    expect(await store.feedback.votes(ada.person)).toEqual(new Map([[id, -1]]));
  });

  it('say in one sentence what was wrong with the paper named', async () => {
    expect(await run('like 2606.99999')).toEqual({
      visibility: 'private',
      blocks: [{ type: 'notice', tone: 'error', text: 'Paperboy does not know paper 2606.99999 yet; look it up with /papers paper 2606.99999, then vote.' }],
    });
    expect(text(await run('dislike not-a-paper'))).toMatch(/is not an arXiv id or paper link/);
  });
});

describe('foryou', () => {
  it('with fewer than 5 votes, says so and shows the most upvoted papers of the last 7 days', async () => {
    await run(`like ${WEEK[0]!.id}`);
    await run(`dislike ${WEEK[1]!.id}`);
    const reply = await run('foryou');
    expect(text(reply)).toContain('2 of 5 votes so far. 3 more votes and these are ordered for you');
    const expected = rankPapers(WEEK.slice(2)).slice(0, 10).map((p) => p.id);
    expect(papersOf(reply).map((i) => i.paper.id)).toEqual(expected);
    expect(papersOf(reply).every((i) => i.reason === undefined)).toBe(true);
  });

  it('from 5 votes on, puts what the person likes first, says why, and leaves out what they voted on', async () => {
    // 👍 the diffusion papers shown, 👎 the agents papers.
    for (const [n, paper] of WEEK.slice(0, 6).entries()) await run(`${n % 2 === 0 ? 'like' : 'dislike'} ${paper.id}`);
    const reply = await run('foryou');
    const items = papersOf(reply);
    expect(reply.blocks[0]).toEqual({ type: 'heading', text: 'For you: 10 papers of the last 7 days' });
    // The five diffusion papers not voted on lead, before any agents paper.
    const subjects = items.map((i) => (WEEK.findIndex((p) => p.id === i.paper.id) % 2 === 0 ? 'diffusion' : 'agents'));
    expect(subjects.slice(0, 5)).toEqual(Array(5).fill('diffusion'));
    expect(items.map((i) => i.paper.id)).not.toEqual(expect.arrayContaining([WEEK[0]!.id]));
    expect(items.map((i) => i.paper.id)).not.toContain(OLD.id);
    expect(items[0]!.reason).toMatch(/diffusion|denoising|distillation|sampler|image/);
  });
});

describe('alerts foryou', () => {
  it('turns the weekly message on and off, and refuses anything else in one sentence', async () => {
    expect(text(await run('alerts foryou weekly'))).toMatch(/^The weekly "for you" message is on: .* every Monday at 09:00 UTC/);
    expect((await store.people.prefs(ada.person)).forYou).toBe('weekly');
    expect(text(await run('alerts foryou off'))).toMatch(/^The weekly "for you" message is off/);
    expect((await store.people.prefs(ada.person)).forYou).toBe('off');
    expect(text(await run('alerts foryou daily'))).toBe('Say weekly or off after foryou: /papers alerts foryou weekly, or /papers alerts foryou off.');
    // Topic alerts are a separate setting.
    expect((await store.people.prefs(ada.person)).mode).toBe('instant');
  });
});

describe('help', () => {
  it('lists the new words with their examples', async () => {
    const help = text(await run('help'));
    for (const word of ['/papers foryou', '/papers like <id>', '/papers dislike <id>', '/papers forget-me', '/papers alerts <instant|daily|off|foryou>']) expect(help).toContain(word);
    expect(text(await run('help forget-me'))).toContain('/papers forget-me confirm');
  });
});

describe('forget-me', () => {
  it('asks first, then deletes everything and says what it deleted', async () => {
    for (const paper of WEEK.slice(0, 3)) await run(`like ${paper.id}`);
    await run('subscribe diffusion');
    await run('alerts foryou weekly');
    const ask = await run('forget-me');
    expect(ask.blocks.at(-1)).toEqual({ type: 'action', label: 'Delete everything', danger: true, command: 'forget-me', args: ['confirm'] });
    expect((await store.feedback.votes(ada.person)).size).toBe(3);

    expect(text(await run('forget-me confirm'))).toBe(
      'Deleted: 3 👍/👎 votes; what your votes taught Paperboy; 1 topic; your alert settings and direct-message channel. Paperboy keeps nothing more about you.',
    );
    expect((await store.feedback.votes(ada.person)).size).toBe(0);
    expect(await store.subscriptions.list(ada.person)).toEqual([]);
    expect(text(await run('foryou'))).toContain('no votes yet');
    expect(text(await run('forget-me confirm'))).toBe('Paperboy kept nothing about you; there was nothing to delete.');
  });
});
