/**
 * The Hugging Face papers API, as zod schemas. They accept every shape recorded since 2024 (the
 * optional fields come and go, see ../shared/fixtures/hf/README.md), drop fields we do not use, and
 * reject only what no code could use: a body that is not a list, an item without `paper.id` or a
 * title, counts that are not numbers, dates that do not parse.
 */
import { z } from 'zod';

const isoDate = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(v)), { message: 'expected an ISO 8601 date' });

const nonEmpty = z.string().refine((v) => v.trim() !== '', { message: 'expected a non-empty string' });

const count = z.number().int().nonnegative();

const organizationSchema = z.object({
  name: nonEmpty,
  fullname: z.string().nullish(),
});

export const authorSchema = z.object({
  name: z.string(),
  /** The author hid the paper from their own profile; the name is still theirs and still shown. */
  hidden: z.boolean().nullish(),
});

/** The paper object: `item.paper` in daily lists, the whole body of `/api/papers/{id}`. */
export const paperSchema = z.object({
  id: nonEmpty,
  title: nonEmpty,
  summary: z.string(),
  authors: z.array(authorSchema),
  publishedAt: isoDate,
  upvotes: count,
  submittedOnDailyAt: isoDate.nullish(),
  ai_summary: z.string().nullish(),
  ai_keywords: z.array(z.string()).nullish(),
  githubRepo: z.string().nullish(),
  githubStars: count.nullish(),
  projectPage: z.string().nullish(),
  organization: organizationSchema.nullish(),
  discussionId: z.string().nullish(),
});

/** One entry of `/api/daily_papers` (and of `/api/papers/search`): the paper plus listing fields. */
export const dailyItemSchema = z.object({
  paper: paperSchema,
  /** When the item was listed; used only when `paper.submittedOnDailyAt` is missing. */
  publishedAt: isoDate.nullish(),
  title: z.string().nullish(),
  summary: z.string().nullish(),
  thumbnail: z.string().nullish(),
  numComments: count.nullish(),
  organization: organizationSchema.nullish(),
});

export const dailyListSchema = z.array(dailyItemSchema);

export type HfAuthor = z.infer<typeof authorSchema>;
export type HfPaper = z.infer<typeof paperSchema>;
export type HfDailyItem = z.infer<typeof dailyItemSchema>;

/** A list item as the client hands it on: a daily item, or a bare paper (search results vary). */
export type HfEntry = { readonly kind: 'item'; readonly item: HfDailyItem } | { readonly kind: 'paper'; readonly paper: HfPaper };

/** Thrown by the parse helpers; `detail` finishes the sentence "the response is malformed: …". */
export class MalformedResponse extends Error {
  override readonly name = 'MalformedResponse';
  constructor(readonly detail: string) {
    super(detail);
  }
}

/** A daily_papers body: a JSON array of items. */
export function parseDailyList(body: unknown): HfDailyItem[] {
  if (!Array.isArray(body)) throw new MalformedResponse(`the body is ${describeValue(body)}, not a list`);
  return body.map((entry, index) => parseWith(dailyItemSchema, entry, index));
}

/**
 * A papers/search body. Hugging Face answers with daily-shaped items (`{ paper, … }`); a bare paper
 * object is accepted too, so a mirror or a future change of shape does not break search.
 */
export function parseSearchList(body: unknown): HfEntry[] {
  if (!Array.isArray(body)) throw new MalformedResponse(`the body is ${describeValue(body)}, not a list`);
  return body.map((entry, index): HfEntry =>
    isRecord(entry) && 'paper' in entry
      ? { kind: 'item', item: parseWith(dailyItemSchema, entry, index) }
      : { kind: 'paper', paper: parseWith(paperSchema, entry, index) },
  );
}

/** A papers/{id} body: the bare paper object (a daily-shaped item is unwrapped). */
export function parsePaperDetail(body: unknown): HfEntry {
  if (isRecord(body) && isRecord(body.paper)) return { kind: 'item', item: parseWith(dailyItemSchema, body) };
  return { kind: 'paper', paper: parseWith(paperSchema, body) };
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, index?: number): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = index === undefined ? 'the paper' : `item ${index + 1}${idSuffix(value)}`;
  if (!issue) throw new MalformedResponse(`${where} does not match the expected shape`);
  throw new MalformedResponse(`${where} ${describeIssue(issue, value)}`);
}

function describeIssue(issue: z.core.$ZodIssue, root: unknown): string {
  const field = issue.path.map(String).join('.');
  const actual = valueAt(root, issue.path);
  if (field === '') return `is ${describeValue(actual)}, not an object`;
  if (actual === undefined || actual === null) return `has no ${field}`;
  const expected = issue.code === 'invalid_type' ? `expected ${issue.expected}` : issue.message;
  return `has an invalid ${field} (${describeValue(actual)}; ${expected})`;
}

function idSuffix(value: unknown): string {
  const paper = isRecord(value) && isRecord(value.paper) ? value.paper : value;
  const id = isRecord(paper) ? paper.id : undefined;
  return typeof id === 'string' && id.trim() !== '' ? ` (${id})` : '';
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (!isRecord(current) && !Array.isArray(current)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return value.length > 40 ? 'a long string' : JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
