/** The search measures of the output contract, from each corpus size's SearchMeasure. */
import { absent, higher, lower, type Result } from './report.js';
import type { BenchQuery, QueryKind } from './queries.js';
import type { MemoryParts, SearchMeasure } from './search.js';

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
        results.push(absent(`search_phrase_p99_ms_${label}`, 'ms', why));
        results.push(absent(`search_top10_agreement_${label}`, 'fraction', why, { atLeast: 0.99 }));
        results.push(absent(`rss_mb_${label}`, 'MB', why, { atMost: RSS_TARGET[label]! }));
      }
      continue;
    }
    const served = m.indexMs;
    const note = `${describeMix(m.queries)}, median ${m.medianMatches} matches; the in-memory index as paperboy start serves it (change-log check, ranked top 10 and the count of matches; built from the database in ${m.buildS.toFixed(1)} s, ${m.memory.index.postings.toFixed(0)} MB of postings, bitsets and per-term arrays); baseline the reference scorer over every paper (its terms read once, in ${m.referencePrepareS.toFixed(1)} s)`;
    if (m.generatedS !== undefined) results.push(lower(`corpus_generate_s_${label}`, m.generatedS, 's', { note: `${m.size} synthetic papers written through the bulk path (one prepared INSERT of paperColumns)` }));
    results.push(lower(`search_p50_ms_${label}`, percentile(served, 0.5), 'ms', { baseline: percentile(m.referenceMs, 0.5), note }));
    results.push(lower(`search_p99_ms_${label}`, percentile(served, 0.99), 'ms', { baseline: percentile(m.referenceMs, 0.99), ...(p99Target ? { target: { atMost: p99Target } } : {}), note }));
    results.push(lower(`search_served_p99_ms_${label}`, percentile(m.servedMs, 0.99), 'ms', { baseline: percentile(m.referenceMs, 0.99), note: `store.papers.search as a whole: the same, plus the ten papers read back from the database (p50 ${percentile(m.servedMs, 0.5).toFixed(2)} ms)` }));
    if (label === '10k') continue;
    const phrases = m.queries.flatMap((q, i) => (q.kind === 'phrase' ? [i] : []));
    results.push(lower(`search_phrase_p99_ms_${label}`, percentile(phrases.map((i) => served[i]!), 0.99), 'ms', {
      baseline: percentile(phrases.map((i) => m.referenceMs[i]!), 0.99),
      note: `the ${phrases.length} phrase queries alone ("…" of two or three words), served as above; baseline the reference on the same`,
    }));
    results.push(higher(`search_top10_agreement_${label}`, m.agreement, 'fraction', {
      baseline: 1,
      target: { atLeast: 0.99 },
      note: `share of the ${m.queries.filter((q) => q.kind === 'words').length} plain word queries × 10 places where the id equals the reference's`,
    }));
    if (label === '100k') {
      results.push(higher('search_top10_agreement_mixed_100k', m.mixedAgreement, 'fraction', {
        baseline: 1,
        target: { atLeast: 0.99 },
        note: `the same over all ${m.queries.length} queries of every kind`,
      }));
    }
    results.push(lower(`rss_mb_${label}`, m.rssMb, 'MB', { target: { atMost: RSS_TARGET[label]! }, note: `resident set of the process serving searches (in-memory index, SQLite connection open): ${describeMemory(m.memory)}` }));
    if (label !== '100k') continue;
    const p99 = percentile(served, 0.99);
    results.push(higher('search_speedup_vs_reference_100k', percentile(m.referenceMs, 0.99) / p99, '×', { note: 'p99 of the reference scorer over every paper ÷ p99 of the served search' }));
    results.push(absent('search_speedup_vs_fts_100k', '×', 'FTS5 is no longer the baseline: see search_speedup_vs_reference_100k'));
    results.push(absent('search_speedup_vs_like_100k', '×', "the LIKE '%word%' scan is gone (it knows no stems, phrases or exclusions); the reference scorer is the naive scan now"));
    if (m.update) {
      results.push(lower('search_update_s_100k', m.update.seconds, 's', { baseline: m.update.rebuildSeconds, target: { atMost: 1 }, note: m.update.note }));
      results.push(higher('search_top10_agreement_after_update_100k', m.update.agreement, 'fraction', { baseline: 1, target: { atLeast: 0.99 }, note: `all ${m.queries.length} queries served after the update against the reference over the changed database` }));
    }
  }
  return results;
}

/** `200 queries (100 words, 50 phrases, …; 36 with a word in another form)`. */
function describeMix(queries: readonly BenchQuery[]): string {
  const counts = new Map<string, number>();
  for (const q of queries) counts.set(q.kind, (counts.get(q.kind) ?? 0) + 1);
  const kinds = [...counts].map(([kind, n]) => `${n} ${KIND_NAMES[kind as QueryKind]}`).join(', ');
  return `${queries.length} queries (${kinds}; ${queries.filter((q) => q.inflected).length} with a word in another form)`;
}

const KIND_NAMES: Readonly<Record<QueryKind, string>> = { words: 'words', phrase: 'phrases', exclusion: 'with an exclusion', author: 'author:', or: 'OR' };

function describeMemory(memory: MemoryParts): string {
  const { postings, terms, papers, streams } = memory.index;
  const mb = (n: number) => `${n.toFixed(0)} MB`;
  return `the index holds ${mb(postings + terms + papers + streams)} (postings ${mb(postings)}, terms ${mb(terms)}, per paper ${mb(papers)}, streams and pair offsets ${mb(streams)}); V8's heap ${mb(memory.v8HeapMb)}, array buffers ${mb(memory.buffersMb)} in all`;
}
