/** The search measures of the output contract, from each corpus size's SearchMeasure. */
import { absent, higher, lower, type Result } from './report.js';
import type { SearchMeasure } from './search.js';

/** Nearest-rank percentile. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

const P99_TARGET: Record<string, number | undefined> = { '100k': 2, '1m': 15 };
const RSS_TARGET: Record<string, number | undefined> = { '100k': 250, '1m': 600 };

export function searchResults(searches: ReadonlyMap<string, SearchMeasure>, quick: boolean): Result[] {
  const results: Result[] = [];
  for (const label of ['10k', '100k', '1m']) {
    const m = searches.get(label);
    const p99Target = P99_TARGET[label];
    if (!m) {
      const why = quick ? 'left out by --quick' : 'not measured';
      results.push(absent(`search_p50_ms_${label}`, 'ms', why), absent(`search_p99_ms_${label}`, 'ms', why, p99Target ? { atMost: p99Target } : undefined));
      if (label !== '10k') {
        results.push(absent(`search_top10_agreement_${label}`, 'fraction', why, { atLeast: 0.99 }));
        results.push(absent(`rss_mb_${label}`, 'MB', why, { atMost: RSS_TARGET[label]! }));
      }
      continue;
    }
    const served = m.indexMs;
    const path = 'in-memory index';
    const note = `${m.queries} keyword queries, median ${m.medianMatches} matches; the ${path} as paperboy start serves it (change-log check, ranked top 10 and the count of matches; built from the database in ${m.buildS.toFixed(1)} s, ${m.postingMb.toFixed(0)} MB of postings and bitsets); baseline FTS5 exact ranking of the top 10`;
    if (m.generatedS !== undefined) results.push(lower(`corpus_generate_s_${label}`, m.generatedS, 's', { note: `${m.size} synthetic papers written through the bulk path (one prepared INSERT of paperColumns, FTS5 triggers)` }));
    results.push(lower(`search_p50_ms_${label}`, percentile(served, 0.5), 'ms', { baseline: percentile(m.ftsMs, 0.5), note }));
    results.push(lower(`search_p99_ms_${label}`, percentile(served, 0.99), 'ms', { baseline: percentile(m.ftsMs, 0.99), ...(p99Target ? { target: { atMost: p99Target } } : {}), note }));
    results.push(lower(`search_served_p99_ms_${label}`, percentile(m.servedMs, 0.99), 'ms', { baseline: percentile(m.ftsMs, 0.99), note: `store.papers.search as a whole: the same, plus the ten papers read back from the database (p50 ${percentile(m.servedMs, 0.5).toFixed(2)} ms)` }));
    if (label === '10k') continue;
    results.push(higher(`search_top10_agreement_${label}`, m.agreement ?? 1, 'fraction', {
      baseline: 1,
      target: { atLeast: 0.99 },
      note: 'share of the 200 × 10 places where the id equals the exact ranking',
    }));
    results.push(lower(`rss_mb_${label}`, m.rssMb, 'MB', { target: { atMost: RSS_TARGET[label]! }, note: `resident set of the process serving searches (${path}, SQLite connection open)` }));
    if (label !== '100k') continue;
    const p99 = percentile(served, 0.99);
    results.push(higher('search_speedup_vs_fts_100k', percentile(m.ftsMs, 0.99) / p99, '×', { target: { atLeast: 50 }, note: 'p99 of the FTS5 exact ranking ÷ p99 of the served search' }));
    const likeServed = served.slice(0, m.likeMs.length);
    results.push(higher('search_speedup_vs_like_100k', percentile(m.likeMs, 0.99) / percentile(likeServed, 0.99), '×', { note: `p99 of LIKE '%word%' scans ÷ p99 of the served search, first ${m.likeMs.length} queries` }));
    if (m.update) {
      results.push(lower('search_update_s_100k', m.update.seconds, 's', { baseline: m.update.rebuildSeconds, target: { atMost: 1 }, note: m.update.note }));
      results.push(higher('search_top10_agreement_after_update_100k', m.update.agreement, 'fraction', { baseline: 1, target: { atLeast: 0.99 } }));
    }
  }
  return results;
}
