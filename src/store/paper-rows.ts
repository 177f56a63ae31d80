/** Conversions between Paper values and rows of the papers table. */
import type { Selectable } from 'kysely';
import type { Paper, PaperOrigin, StoredPaper } from '../core/paper.js';
import { indexedDocument } from '../core/query/document.js';
import { cleanUrl } from '../core/safe-url.js';
import type { PapersTable } from './schema.js';

export type PaperRow = Selectable<PapersTable>;

/** The columns a paper's content decides (everything but keys, origin and timestamps). */
export type PaperColumns = Omit<PaperRow, 'pk' | 'origin' | 'first_seen_at' | 'updated_at'>;

export function paperColumns(paper: Paper): PaperColumns {
  const doc = indexedDocument(paper);
  return {
    id: paper.id,
    title: paper.title,
    summary: paper.summary,
    authors: JSON.stringify(paper.authors),
    org_name: paper.organization?.name ?? null,
    org_fullname: paper.organization?.fullname ?? null,
    upvotes: paper.upvotes,
    num_comments: paper.numComments,
    github_repo: paper.githubRepo ?? null,
    github_stars: paper.githubStars ?? null,
    project_page: paper.projectPage ?? null,
    ai_summary: paper.aiSummary ?? null,
    ai_keywords: JSON.stringify(paper.aiKeywords),
    published_at: paper.publishedAt,
    daily_date: paper.dailyDate ?? null,
    thumbnail: paper.thumbnail ?? null,
    fts_title: doc.title,
    fts_keywords: doc.keywords,
    fts_ai_summary: doc.aiSummary,
    fts_abstract: doc.abstract,
    fts_authors: doc.authors,
    fts_org: doc.org,
  };
}

/** A row as the repository reads it: the fts_* copies are never needed to rebuild a paper. */
export type PaperFieldsRow = Omit<PaperRow, `fts_${string}`>;

/**
 * Links go through the same check as at the source: rows stored before it (or copied from such a
 * database) may hold a raw one, and this way none reaches a renderer; the next upsert of the paper
 * stores the checked form.
 */
export function rowToPaper(row: PaperFieldsRow): StoredPaper {
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    authors: parseList(row.authors),
    organization: row.org_name === null ? undefined : { name: row.org_name, fullname: row.org_fullname ?? undefined },
    upvotes: row.upvotes,
    numComments: row.num_comments,
    githubRepo: cleanUrl(row.github_repo),
    githubStars: row.github_stars ?? undefined,
    projectPage: cleanUrl(row.project_page),
    aiSummary: row.ai_summary ?? undefined,
    aiKeywords: parseList(row.ai_keywords),
    publishedAt: row.published_at,
    dailyDate: row.daily_date ?? undefined,
    thumbnail: cleanUrl(row.thumbnail),
    firstSeenAt: row.first_seen_at,
    updatedAt: row.updated_at,
    origin: row.origin,
  };
}

/**
 * The paper to store when `incoming` arrives for a known paper. Sources differ in what they send
 * (a search result lacks the daily date, an older lookup lacks the AI summary), so a field the new
 * copy leaves out keeps its known value instead of being erased; everything it does carry wins.
 */
export function mergePaper(known: Paper, incoming: Paper): Paper {
  return {
    ...incoming,
    authors: incoming.authors.length > 0 ? incoming.authors : known.authors,
    aiKeywords: incoming.aiKeywords.length > 0 ? incoming.aiKeywords : known.aiKeywords,
    organization: incoming.organization ?? known.organization,
    githubRepo: incoming.githubRepo ?? known.githubRepo,
    githubStars: incoming.githubStars ?? known.githubStars,
    projectPage: incoming.projectPage ?? known.projectPage,
    aiSummary: incoming.aiSummary ?? known.aiSummary,
    dailyDate: incoming.dailyDate ?? known.dailyDate,
    thumbnail: incoming.thumbnail ?? known.thumbnail,
  };
}

/** 'daily' is never downgraded: a paper that was on a daily list stays a daily paper. */
export function mergeOrigin(known: PaperOrigin, incoming: PaperOrigin): PaperOrigin {
  return known === 'daily' || incoming === 'daily' ? 'daily' : known;
}

/** The columns of `next` that differ from `row`. */
export function changedColumns(row: PaperRow, next: PaperColumns): Partial<PaperColumns> {
  const changes: Partial<Record<keyof PaperColumns, unknown>> = {};
  for (const key of Object.keys(next) as (keyof PaperColumns)[]) {
    if (row[key] !== next[key]) changes[key] = next[key];
  }
  return changes as Partial<PaperColumns>;
}

function parseList(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** What an upsert does: insert the new papers, update the changed ones, leave the rest. */
export interface UpsertPlan {
  readonly fresh: readonly Paper[];
  /** `changed`: the content columns that differ, sorted; `set`: those plus origin and updated_at. */
  readonly updates: readonly { readonly pk: number; readonly id: string; readonly changed: readonly string[]; readonly set: Record<string, unknown> }[];
}

/** The same decisions on every engine: only how the rows are written differs. */
export function planUpsert(incoming: ReadonlyMap<string, Paper>, known: ReadonlyMap<string, PaperRow>, origin: PaperOrigin, now: string): UpsertPlan {
  const fresh: Paper[] = [];
  const updates: UpsertPlan['updates'][number][] = [];
  for (const paper of incoming.values()) {
    const row = known.get(paper.id);
    if (!row) {
      fresh.push(paper);
      continue;
    }
    const changes = changedColumns(row, paperColumns(mergePaper(rowToPaper(row), paper)));
    const nextOrigin = mergeOrigin(row.origin, origin);
    const changed = Object.keys(changes).sort();
    if (changed.length === 0 && nextOrigin === row.origin) continue;
    updates.push({ pk: row.pk, id: paper.id, changed, set: { ...changes, origin: nextOrigin, updated_at: now } });
  }
  return { fresh, updates };
}
