import { describe, expect, it } from 'vitest';
import type { Paper } from '../../../src/core/paper.js';
import { cleanText, normalizeEntry, normalizeItem, stripVersion } from '../../../src/sources/hf/normalize.js';
import { parseDailyList, parsePaperDetail, parseSearchList } from '../../../src/sources/hf/schemas.js';
import { dailyItem } from '../../fakes/hf-items.js';
import { fixture } from './hf-fixtures.js';

function day(date: string): Paper[] {
  return parseDailyList(fixture(`daily_papers-${date}.json`)).map((item) => normalizeItem(item, { kind: 'date', date }));
}

describe('cleanText', () => {
  it('folds arXiv hard wraps and runs of spaces', () => {
    expect(cleanText('Learned Capacity Factors for\n  Efficient   Pretraining ')).toBe('Learned Capacity Factors for Efficient Pretraining');
  });

  it('keeps a paragraph break as one blank line', () => {
    expect(cleanText('First part\nwrapped.\n \n\n  Second\tpart.\r\n')).toBe('First part wrapped.\n\nSecond part.');
  });
});

describe('the fast paths give what the full folding gives', () => {
  it('returns clean ASCII as it is, and still folds every other kind of whitespace', () => {
    expect(cleanText('Origami Attention: Folding 1M Tokens')).toBe('Origami Attention: Folding 1M Tokens');
    expect(cleanText('a\u00a0 b\u2003c\td')).toBe('a b c d');
    expect(cleanText(' lead and trail ')).toBe('lead and trail');
    expect(cleanText('two  spaces \n\n\n  and a break')).toBe('two spaces\n\nand a break');
    expect(cleanText('')).toBe('');
  });

  it('composes decomposed accents (NFC)', () => {
    expect(cleanText('Cafe\u0301 Ren\u0303')).toBe('Caf\u00e9 Re\u00f1');
  });

  it('reads timestamps as Date does, impossible days and offsets included', () => {
    const item = (publishedAt: string, submittedOnDailyAt: string) => {
      const raw = dailyItem({ id: '2606.00011', date: '2026-06-02' });
      Object.assign(raw.paper as object, { publishedAt, submittedOnDailyAt });
      return normalizeItem(parseDailyList([raw])[0]!, { kind: 'search' });
    };
    expect(item('2025-02-30T00:00:00.000Z', '2025-04-31T10:00:00.000Z')).toMatchObject({ publishedAt: '2025-03-02T00:00:00.000Z', dailyDate: '2025-05-01' });
    expect(item('2025-01-05T10:00:00Z', '2025-01-31T23:30:00-02:00')).toMatchObject({ publishedAt: '2025-01-05T10:00:00.000Z', dailyDate: '2025-02-01' });
    expect(item('2025-01-05T10:00:00.000Z', '2025-01-05T23:59:59.999Z')).toMatchObject({ publishedAt: '2025-01-05T10:00:00.000Z', dailyDate: '2025-01-05' });
  });
});

describe('normalising a current-shape day', () => {
  const papers = day('2026-06-01');

  it('keeps every paper with its fields', () => {
    expect(papers).toHaveLength(8);
    const origami = papers.find((p) => p.id === '2605.28811');
    expect(origami).toMatchObject({
      title: 'Origami Attention: Folding Long Contexts into Constant Memory',
      authors: ['Mira Okonkwo', 'Tobias Lindqvist', 'Chen Yufei'],
      organization: { name: 'northlight-ai', fullname: 'Northlight AI' },
      upvotes: 142,
      numComments: 14,
      githubRepo: 'https://github.com/northlight-ai/origami-attention',
      githubStars: 311,
      projectPage: 'https://northlight-ai.github.io/origami',
      aiKeywords: ['origami attention', 'long context', 'KV cache', 'constant memory'],
      dailyDate: '2026-06-01',
      publishedAt: '2026-05-29T00:00:00.000Z',
      thumbnail: 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2605.28811.png',
    });
    expect(origami?.aiSummary).toMatch(/^Origami Attention compresses/);
  });

  it('leaves optional fields out when the item has none, and keeps raw markup in titles', () => {
    const audit = papers.find((p) => p.id === '2605.29117');
    expect(audit?.title).toBe('**Bold** Claims, <b>Weak</b> Baselines: Auditing Leaderboard Gains in Code Generation');
    expect(audit?.organization).toBeUndefined();
    expect(audit?.githubRepo).toBeUndefined();
    expect(audit?.aiSummary).toBeUndefined();
  });

  it('keeps accented and non-Latin author names as written', () => {
    expect(day('2026-06-04').find((p) => p.id === '2606.02345')?.authors).toEqual(['Łukasz Wiśniewski', 'Αλέξανδρος Παπαδόπουλος', '张伟']);
    expect(papers.find((p) => p.id === '2605.29452')?.authors).toEqual(['Søren Ågård', 'Ingrid Bjørnstad', 'Åsa Lindström']);
  });

  it('keeps paragraph breaks in abstracts', () => {
    expect(papers.find((p) => p.id === '2605.28640')?.summary).toMatch(/deployment\.$/);
    expect(papers.find((p) => p.id === '2605.28640')?.summary.split('\n\n')).toHaveLength(2);
  });
});

describe('normalising the older shape', () => {
  const papers = day('2025-03-14');

  it('unwraps titles and abstracts', () => {
    expect(papers[0]?.title).toBe('Sparse Mixture-of-Experts Routing with Learned Capacity Factors for Efficient Language Model Pretraining');
    for (const paper of papers) {
      expect(paper.title).not.toMatch(/\n|\s{2}/);
      expect(paper.summary).not.toMatch(/\n/);
    }
  });

  it('takes the UTC day of a submittedOnDailyAt with a time of day', () => {
    expect(papers.find((p) => p.id === '2503.10021')?.dailyDate).toBe('2025-03-14');
  });

  it('gives an item without submittedOnDailyAt the requested date in a date list', () => {
    expect(papers.find((p) => p.id === '2503.10302')?.dailyDate).toBe('2025-03-14');
  });

  it('falls back to the listing time in a month list, never the arXiv date', () => {
    const item = parseDailyList(fixture('daily_papers-2025-03-14.json')).find((i) => i.paper.id === '2503.10302');
    expect(item && normalizeItem(item, { kind: 'month', month: '2025-03' }).dailyDate).toBe('2025-03-13');
  });

  it('keeps that fallback inside the month the item was listed in', () => {
    const item = parseDailyList(fixture('daily_papers-2025-03-14.json')).find((i) => i.paper.id === '2503.10302');
    expect(item && normalizeItem(item, { kind: 'month', month: '2025-04' }).dailyDate).toBe('2025-04-01');
    expect(item && normalizeItem(item, { kind: 'month', month: '2025-02' }).dailyDate).toBe('2025-02-28');
  });

  it('strips the arXiv version from ids and tolerates missing optional fields', () => {
    const versioned = papers.find((p) => p.id === '2503.10555');
    expect(versioned).toBeDefined();
    expect(papers.every((p) => p.organization === undefined && p.githubStars === undefined)).toBe(true);
    expect(papers.find((p) => p.id === '2503.10419')?.aiKeywords).toEqual([]);
    expect(stripVersion(' 2405.01234v12 ')).toBe('2405.01234');
  });
});

describe('search and lookup results', () => {
  it('give a daily date only to papers that were on Daily Papers', () => {
    const entries = parseSearchList(fixture('papers-search-speculative-decoding.json'));
    const papers = entries.map((e) => normalizeEntry(e, { kind: 'search' }));
    expect(papers.find((p) => p.id === '2605.29004')?.dailyDate).toBe('2026-06-01');
    expect(papers.find((p) => p.id === '2604.11820')?.dailyDate).toBeUndefined();
  });

  it('normalise a bare paper object, without listing fields', () => {
    const paper = normalizeEntry(parsePaperDetail(fixture('paper-2606.02210.json')), { kind: 'lookup' });
    expect(paper).toMatchObject({ id: '2606.02210', upvotes: 214, numComments: 0, dailyDate: '2026-06-04' });
    expect(paper.thumbnail).toBeUndefined();
  });

  it('keep hidden authors (they hid the paper from their profile, they are still its authors)', () => {
    const item = dailyItem({ id: '2606.00010', date: '2026-06-02', authors: ['Kim Lee', 'Jo Park'] });
    ((item.paper as { authors: { hidden: boolean }[] }).authors[0] as { hidden: boolean }).hidden = true;
    const [parsed] = parseDailyList([item]);
    expect(parsed && normalizeItem(parsed, { kind: 'date', date: '2026-06-02' }).authors).toEqual(['Kim Lee', 'Jo Park']);
  });
});
