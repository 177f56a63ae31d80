/**
 * Search as a Discord user meets it: English word forms, exclusions that keep out every form of a
 * word, and one merged list with Hugging Face's search (full matches ranked together, related
 * papers after them, labelled), the same on the second ask.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, GENERAL, makePaper, startHarness, type Harness } from '../fakes/discord-harness.js';
import { run, str, textOf } from '../fakes/discord-drive.js';
import type { InvocationSpec } from '../fakes/discord-server.js';
import { dailyItem } from '../fakes/hf-items.js';

let h: Harness;
const alice: InvocationSpec = { user: ALICE, channel: GENERAL };

beforeAll(async () => {
  h = await startHarness({
    hfSearchWords: 'any',
    papers: [
      makePaper({ id: '2606.00011', title: 'An Agent That Plans Its Tools', upvotes: 40, dailyDate: '2026-06-03' }),
      makePaper({ id: '2606.00012', title: 'Benchmarking Web Agents', upvotes: 90, dailyDate: '2026-06-03' }),
      makePaper({ id: '2606.00013', title: 'Speculative Decoders for Long Contexts', upvotes: 10, dailyDate: '2026-06-03' }),
    ],
  });
  // Hugging Face knows two more: one that says both words, one that says only "speculative".
  h.hf.setDay('2026-06-04', [
    dailyItem({ id: '2606.00021', date: '2026-06-04', title: 'Speculative Decoding Without a Draft Model', upvotes: 70 }),
    dailyItem({ id: '2606.00022', date: '2026-06-04', title: 'Speculative Execution of Tool Calls', upvotes: 300 }),
  ]);
});
afterAll(() => h.close());

const titles = (message: { embeds?: unknown }) => ((message.embeds ?? []) as { title: string }[]).map((e) => e.title);

describe('Discord /papers search', () => {
  it('finds every English form of a word, and an exclusion keeps out every form of its word', async () => {
    const agents = await run(h.discord, alice, 'search', [str('query', 'agents -benchmark')]);
    expect(titles(agents.message)).toEqual(['1. An Agent That Plans Its Tools']);
    expect(agents.message.content).toContain('1 result for');
  });

  it('ranks what Hugging Face found among the local matches, then its related papers, labelled, the same list twice', async () => {
    const first = await run(h.discord, alice, 'search', [str('query', 'speculative decoding')]);
    expect(titles(first.message)).toEqual([
      '1. Speculative Decoding Without a Draft Model',
      '2. Speculative Decoders for Long Contexts',
      '3. Speculative Execution of Tool Calls',
    ]);
    const embeds = first.message.embeds as unknown[];
    expect(textOf({ embeds: [embeds[2]] })).toContain("related, from Hugging Face's search");
    expect(textOf({ embeds: [embeds[0]] })).not.toContain('related');
    const again = await run(h.discord, alice, 'search', [str('query', 'Speculative DECODING')]);
    expect(titles(again.message)).toEqual(titles(first.message));
  });
});
