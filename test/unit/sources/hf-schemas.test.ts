import { describe, expect, it } from 'vitest';
import { MalformedResponse, parseDailyList, parsePaperDetail, parseSearchList } from '../../../src/sources/hf/schemas.js';
import { dailyItem } from '../../fakes/hf-items.js';
import { fixture } from './hf-fixtures.js';

const DAYS = ['2025-03-14', '2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04', '2026-06-05', '2026-06-06'];

function malformed(body: unknown): string {
  try {
    parseDailyList(body);
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedResponse);
    return (error as MalformedResponse).detail;
  }
  throw new Error('expected the body to be rejected');
}

describe('daily_papers schema', () => {
  it.each(DAYS)('accepts the %s list, old and new shapes alike', (date) => {
    const body = fixture(`daily_papers-${date}.json`) as unknown[];
    expect(parseDailyList(body)).toHaveLength(body.length);
  });

  it('accepts an item with only the fields every recorded item has', () => {
    const bare = {
      paper: { id: '2606.00001', authors: [{ name: 'A' }], publishedAt: '2026-06-01T00:00:00.000Z', title: 'T', summary: 'S', upvotes: 0 },
      publishedAt: '2026-05-31T20:00:00.000Z',
    };
    expect(parseDailyList([bare])[0]?.paper.id).toBe('2606.00001');
  });

  it('accepts unknown extra fields and nulls in optional ones', () => {
    const item = dailyItem({ id: '2606.00002', date: '2026-06-01' });
    const paper = { ...(item.paper as object), mediaUrls: ['x'], githubRepo: null, ai_summary: null, brandNewField: { a: 1 } };
    expect(parseDailyList([{ ...item, paper, isAuthorParticipating: true }])).toHaveLength(1);
  });

  it('rejects a body that is not a list', () => {
    expect(malformed({ error: 'Internal' })).toBe('the body is an object, not a list');
    expect(malformed('oops')).toBe('the body is "oops", not a list');
  });

  it('names the item and field when paper.id is missing', () => {
    const items = [dailyItem({ id: '2606.00003', date: '2026-06-01' }), dailyItem({ id: '2606.00004', date: '2026-06-01' })];
    delete (items[1]?.paper as Record<string, unknown>).id;
    expect(malformed(items)).toBe('item 2 has no paper.id');
  });

  it('rejects an empty title and a non-numeric upvote count, naming the paper', () => {
    const untitled = dailyItem({ id: '2606.00005', date: '2026-06-01', title: '   ' });
    expect(malformed([untitled])).toMatch(/^item 1 \(2606\.00005\) has an invalid paper\.title/);
    const item = dailyItem({ id: '2606.00006', date: '2026-06-01' });
    (item.paper as Record<string, unknown>).upvotes = '12';
    expect(malformed([item])).toMatch(/^item 1 \(2606\.00006\) has an invalid paper\.upvotes \("12"; expected number\)/);
  });

  it('rejects an item without a paper object, and dates that do not parse', () => {
    expect(malformed([{ title: 'x', publishedAt: '2026-06-01T00:00:00Z' }])).toBe('item 1 has no paper');
    const item = dailyItem({ id: '2606.00007', date: '2026-06-01' });
    (item.paper as Record<string, unknown>).submittedOnDailyAt = 'yesterday';
    expect(malformed([item])).toMatch(/invalid paper\.submittedOnDailyAt/);
  });
});

describe('papers/search and papers/{id} schemas', () => {
  it('accepts daily-shaped search items and bare papers', () => {
    const body = fixture('papers-search-speculative-decoding.json') as unknown[];
    const entries = parseSearchList(body);
    expect(entries.map((e) => e.kind)).toEqual(['item', 'item', 'item', 'item']);
    const bare = parseSearchList([(body[0] as { paper: unknown }).paper]);
    expect(bare[0]?.kind).toBe('paper');
  });

  it('accepts the bare paper object of a lookup', () => {
    const entry = parsePaperDetail(fixture('paper-2606.02210.json'));
    expect(entry.kind).toBe('paper');
  });

  it('rejects a lookup body without a title', () => {
    expect(() => parsePaperDetail({ id: '2606.00008', authors: [], publishedAt: '2026-06-01T00:00:00Z', summary: '', upvotes: 1 })).toThrow(
      'the paper has no title',
    );
  });
});
