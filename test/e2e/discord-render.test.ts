import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/message.js';
import { renderAll, renderOne } from '../../src/platforms/discord/render-embeds.js';
import { chunk, clip } from '../../src/platforms/discord/text.js';
import { embedProblems, messageProblems } from '../fakes/discord-limits.js';
import { makePaper } from '../fakes/discord-harness.js';

describe('Discord rendering limits (the checks the e2e tests rely on)', () => {
  it('clip never splits a surrogate pair and never leaves a dangling escape', () => {
    const emoji = '😀'.repeat(10);
    const cut = clip(emoji, 6);
    expect(cut.length).toBeLessThanOrEqual(6);
    expect(cut).toBe('😀😀…');
    expect(clip('abcd\\*efgh', 6)).toBe('abcd…');
    expect(clip('short', 10)).toBe('short');
  });

  it('chunk keeps every character and respects the size', () => {
    const text = 'word '.repeat(1000).trim();
    const parts = chunk(text, 300);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(300);
    expect(parts.join(' ')).toBe(text);
  });

  it('fits any number of papers with emoji-heavy titles into one valid message', () => {
    for (const n of [1, 10, 11, 25, 40]) {
      const papers = Array.from({ length: n }, (_, i) =>
        makePaper({ title: `${'🧪 Experiments '.repeat(30)}${i}`, authors: Array.from({ length: 30 }, (_, a) => `Person ${a}`), summary: '🙂 Results improve. '.repeat(120) }),
      );
      const reply: Reply = {
        visibility: 'public',
        blocks: [
          { type: 'heading', text: 'Daily Papers · Wed 3 Jun 2026' },
          { type: 'papers', detail: 'brief', items: papers.map((paper, i) => ({ paper, rank: i + 1 })) },
          { type: 'text', text: `${n} papers · huggingface.co/papers` },
        ],
      };
      const message = renderOne(reply);
      expect(messageProblems(message as unknown as Record<string, unknown>)).toEqual([]);
      for (const e of message.embeds) {
        for (const s of [e.title ?? '', e.description ?? '', ...(e.fields ?? []).map((f) => f.name + f.value)]) {
          expect(s).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
        }
      }
      expect(message.allowed_mentions).toEqual({ parse: [] });
      const full = renderAll({ visibility: 'public', blocks: [{ type: 'papers', detail: 'full', items: papers.map((paper, i) => ({ paper, rank: i + 1 })) }] });
      for (const m of full) expect(messageProblems(m as unknown as Record<string, unknown>)).toEqual([]);
      expect(full.flatMap((m) => m.embeds).reduce((sum, e) => sum + embedProblems(e as Record<string, unknown>).size, 0)).toBeGreaterThan(0);
    }
  });
});
