/** A Hugging Face Daily Papers entry, normalised. Identified by its arXiv id without version. */
export interface Paper {
  readonly id: string;
  readonly title: string;
  /** The abstract. */
  readonly summary: string;
  readonly authors: readonly string[];
  readonly organization?: { readonly name: string; readonly fullname?: string } | undefined;
  readonly upvotes: number;
  readonly numComments: number;
  /**
   * The links (code, project page, thumbnail) are absolute http(s) URLs, normalised and
   * percent-encoded where they come in, so renderers place them in links as they are.
   */
  readonly githubRepo?: string | undefined;
  readonly githubStars?: number | undefined;
  readonly projectPage?: string | undefined;
  readonly aiSummary?: string | undefined;
  readonly aiKeywords: readonly string[];
  /** arXiv publication time, ISO 8601. */
  readonly publishedAt: string;
  /** UTC day (YYYY-MM-DD) the paper was submitted to Daily Papers; absent for papers known only from search or lookup. */
  readonly dailyDate?: string | undefined;
  readonly thumbnail?: string | undefined;
}

/** Where a stored paper was first learnt from. */
export type PaperOrigin = 'daily' | 'search' | 'lookup';

export interface StoredPaper extends Paper {
  readonly firstSeenAt: string;
  readonly updatedAt: string;
  readonly origin: PaperOrigin;
}

export const PAPERS_BASE_URL = 'https://huggingface.co/papers/';

export function paperUrl(id: string): string {
  return `${PAPERS_BASE_URL}${id}`;
}
