/**
 * Builds daily_papers items in the current API shape, for tests that need many papers or one odd
 * field. Everything here is invented.
 */
export interface ItemSpec {
  readonly id: string;
  /** The daily date (YYYY-MM-DD); sets `paper.submittedOnDailyAt`. */
  readonly date: string;
  readonly title?: string;
  readonly summary?: string;
  readonly upvotes?: number;
  readonly authors?: readonly string[];
  readonly keywords?: readonly string[];
  readonly organization?: { readonly name: string; readonly fullname?: string };
  readonly numComments?: number;
  /** The code link, once released. */
  readonly githubRepo?: string;
}

export function dailyItem(spec: ItemSpec): Record<string, unknown> {
  const title = spec.title ?? `Paper ${spec.id}`;
  const summary = spec.summary ?? `An abstract for paper ${spec.id}.`;
  const published = shiftDay(spec.date, -1);
  const paper: Record<string, unknown> = {
    id: spec.id,
    authors: (spec.authors ?? ['Ada Example', 'Ben Sample']).map((name, i) => ({ _id: `a${i}${spec.id}`, name, hidden: false })),
    publishedAt: `${published}T00:00:00.000Z`,
    submittedOnDailyAt: `${spec.date}T00:00:00.000Z`,
    title,
    summary,
    upvotes: spec.upvotes ?? 1,
    discussionId: `d${spec.id}`,
    ai_keywords: [...(spec.keywords ?? [])],
  };
  if (spec.githubRepo) paper.githubRepo = spec.githubRepo;
  if (spec.organization) paper.organization = { _id: `o${spec.organization.name}`, ...spec.organization };
  return {
    paper,
    publishedAt: `${shiftDay(published, -1)}T20:00:00.000Z`,
    title,
    summary,
    thumbnail: `https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/${spec.id}.png`,
    numComments: spec.numComments ?? 0,
    isAuthorParticipating: false,
  };
}

/** `count` items for one date, ids `PPPP.NNNNN` from `prefix` upward, upvotes descending. */
export function dailyItems(date: string, count: number, prefix = '2606.9'): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) =>
    dailyItem({ id: `${prefix}${String(i).padStart(4, '0')}`, date, upvotes: count - i }),
  );
}

export function shiftDay(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
