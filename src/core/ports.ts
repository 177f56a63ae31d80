/**
 * The ports core needs. src/store implements the repositories, src/sources the paper source,
 * platforms and the scheduler supply the rest. Nothing here knows SQL, HTTP or a chat SDK.
 */
import type { Reply } from './message.js';
import type { Paper, StoredPaper } from './paper.js';
import type { Query } from './query/ast.js';

/**
 * A chat platform's name (`discord`, `slack`, `console`, `matrix`…): open, so adding a platform
 * changes neither core nor the database. Each adapter names itself; `platformName` checks the name
 * once, where the adapters are assembled (docs/decisions/0009-open-platforms.md).
 */
export type Platform = string;

/** A person on one platform. */
export interface PersonRef {
  readonly platform: Platform;
  readonly userId: string;
}

/** A channel that can receive digests. `workspaceId` is the Discord guild or Slack team. */
export interface TargetRef {
  readonly platform: Platform;
  readonly channelId: string;
  readonly workspaceId?: string | undefined;
}

export interface Clock {
  now(): Date;
}

// ---------------------------------------------------------------- papers

export interface UpsertResult {
  readonly inserted: readonly string[];
  readonly updated: readonly string[];
  readonly unchanged: number;
}

export interface SearchHit {
  readonly paper: StoredPaper;
  /** Higher is better: bm25 relevance blended with upvotes. */
  readonly score: number;
}

export interface PaperRepository {
  /**
   * Inserts new papers and updates known ones in place (upvotes, late fields), in one transaction.
   * Keeps `firstSeenAt`; never replaces a known daily date with none.
   */
  upsert(papers: readonly Paper[], origin: StoredPaper['origin'], seenAt: Date): Promise<UpsertResult>;
  get(id: string): Promise<StoredPaper | undefined>;
  getMany(ids: readonly string[]): Promise<StoredPaper[]>;
  /** Papers whose daily date is one of `dates`. */
  byDailyDates(dates: readonly string[]): Promise<StoredPaper[]>;
  /** Daily dates that have papers, ascending, within [from, to] (inclusive, YYYY-MM-DD). */
  dailyDates(range: { from?: string; to?: string }): Promise<string[]>;
  /** Ranked search by the search index, the engine of record (waits for it while it builds). */
  search(query: Query, page: { limit: number; offset: number }): Promise<SearchPage>;
  /** Of `ids`, the papers that match `query`, with the score search gives them. */
  scoreMatching(query: Query, ids: readonly string[]): Promise<Map<string, number>>;
  count(): Promise<number>;
}

export interface SearchPage {
  readonly hits: SearchHit[];
  /** Matches in all. */
  readonly total: number;
  /** `total` was estimated from a sample (a phrase whose words stand in very many papers); the hits are exact. */
  readonly estimated?: true;
}

/** Which papers Hugging Face's own search returned for a query (its folded words), remembered. */
export interface SourceSearchRepository {
  get(query: string): Promise<{ readonly ids: readonly string[]; readonly fetchedAt: Date } | undefined>;
  put(query: string, ids: readonly string[], fetchedAt: Date): Promise<void>;
}

/** Hugging Face (or a mirror). All methods throw UpstreamError on failure and return validated data. */
export interface PaperSource {
  /** One daily list (all pages). */
  daily(date: string): Promise<Paper[]>;
  /** A whole month (YYYY-MM) of daily lists. */
  month(month: string): Promise<Paper[]>;
  /** Hugging Face's own search; `q` is cut to what the API accepts. */
  search(q: string): Promise<Paper[]>;
  /** One paper by arXiv id; undefined when Hugging Face does not know it. */
  paper(id: string): Promise<Paper | undefined>;
}

// ---------------------------------------------------------------- people and topics

export interface Subscription {
  readonly id: number;
  readonly person: PersonRef;
  /** The topic as the person typed it (trimmed); parsed again when matched. */
  readonly topic: string;
  readonly createdAt: string;
}

export interface SubscriptionRepository {
  /** Adds the topic; returns false when the person already has it (compared case-insensitively). */
  add(person: PersonRef, topic: string, at: Date): Promise<boolean>;
  /** Removes by exact (case-insensitive) topic; returns the removed topic or undefined. */
  remove(person: PersonRef, topic: string): Promise<string | undefined>;
  /** The person's topics, oldest first (the numbering people see). */
  list(person: PersonRef): Promise<Subscription[]>;
  /** Every subscription, for matching new papers. */
  all(): Promise<Subscription[]>;
}

export type AlertMode = 'instant' | 'daily' | 'off';

export interface AlertPrefs {
  readonly mode: AlertMode;
  /** HH:MM, for daily mode. */
  readonly time: string;
  readonly timezone: string;
  /** Set when the platform refused a DM; cleared when the person uses a command again. */
  readonly unreachableSince?: string | undefined;
  readonly unreachableReason?: string | undefined;
  /** The platform's DM channel, once known. */
  readonly dmChannelId?: string | undefined;
}

export interface PersonRepository {
  prefs(person: PersonRef): Promise<AlertPrefs>;
  setAlertMode(person: PersonRef, mode: AlertMode, time?: string, timezone?: string): Promise<AlertPrefs>;
  markUnreachable(person: PersonRef, reason: string, at: Date): Promise<void>;
  /** Called whenever the person uses a command. */
  markReachable(person: PersonRef): Promise<void>;
  setDmChannel(person: PersonRef, channelId: string): Promise<void>;
}

export interface PendingAlert {
  readonly person: PersonRef;
  readonly paperId: string;
  readonly topics: readonly string[];
}

export interface AlertRepository {
  /** Queues (person, paper) pairs; a pair queued or delivered before is ignored. Returns how many were new. */
  enqueue(alerts: readonly PendingAlert[], at: Date): Promise<number>;
  /** Queued, undelivered alerts, optionally for one person. */
  pending(person?: PersonRef): Promise<PendingAlert[]>;
  counts(person: PersonRef): Promise<{ pending: number; delivered: number }>;
  /**
   * In one transaction: claims one DM (`slot`) for the person's pending alerts, those queued at or
   * before `queuedUntil` when given, and ties them to the claim so no other run takes them.
   * Undefined when nothing is pending or the slot already has a row.
   */
  claimPending(
    person: PersonRef,
    request: { readonly slot: string; readonly owner: string; readonly leaseUntil: Date; readonly at: Date; readonly queuedUntil?: Date },
  ): Promise<{ claim: Claim; alerts: PendingAlert[] } | undefined>;
  /** The alerts an alert claim carries. */
  claimedAlerts(claimId: number): Promise<PendingAlert[]>;
  /** Unties the alerts of a claim that will not be sent, so they are pending again. */
  releaseClaimed(claimId: number): Promise<void>;
  /** People with pending alerts not yet claimed by any send. */
  pendingPeople(): Promise<PersonRef[]>;
  /** Per person with any alert: not yet sent (pending or in an unfinished send) and sent. */
  allCounts(): Promise<{ person: PersonRef; pending: number; delivered: number }[]>;
}

// ---------------------------------------------------------------- digests

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface DigestSettings {
  readonly target: TargetRef;
  /** HH:MM in `timezone`. */
  readonly time: string;
  /** IANA zone. */
  readonly timezone: string;
  readonly weekdays: readonly Weekday[];
  readonly top: number;
  readonly minUpvotes: number;
  readonly topic?: string | undefined;
  readonly enabled: boolean;
  readonly disabledReason?: string | undefined;
  readonly updatedBy?: string | undefined;
  readonly updatedAt: string;
}

export interface DigestRecord {
  readonly target: TargetRef;
  /** The scheduled slot, ISO 8601 UTC. */
  readonly slot: string;
  /** The last daily date the digest covered. */
  readonly coveredUntil: string;
  readonly paperIds: readonly string[];
  readonly messageId?: string | undefined;
  readonly sentAt: string;
}

export interface DigestRepository {
  settings(target: TargetRef): Promise<DigestSettings | undefined>;
  save(settings: DigestSettings): Promise<void>;
  disable(target: TargetRef, reason: string, at: Date): Promise<void>;
  /** Enabled targets. */
  listEnabled(): Promise<DigestSettings[]>;
  /** The most recent digest sent to the target. */
  last(target: TargetRef): Promise<DigestRecord | undefined>;
  /** Of `ids`, those already posted to the target by an earlier digest. */
  postedIds(target: TargetRef, ids: readonly string[]): Promise<Set<string>>;
  record(digest: DigestRecord): Promise<void>;
  /** Every target, enabled or not (for `paperboy status`). */
  listAll(): Promise<DigestSettings[]>;
}

// ---------------------------------------------------------------- delivery claims

export type DeliveryKind = 'digest' | 'alert';
export type DeliveryStatus = 'claimed' | 'sent' | 'failed' | 'skipped';

/** One delivery: a channel's digest slot, or one alert DM to a person. */
export interface SlotRef {
  readonly kind: DeliveryKind;
  readonly platform: Platform;
  /** The channel id (digests) or the user id (alerts). */
  readonly recipient: string;
  /** ISO 8601 UTC: the scheduled slot, or when an alert DM was claimed. */
  readonly slot: string;
}

/** What a digest claim posts, fixed before its first send so a retry posts the same papers. */
export interface DigestPlan {
  readonly dates: readonly string[];
  readonly coveredUntil: string;
  /** In rank order. */
  readonly paperIds: readonly string[];
  readonly considered: number;
}

/**
 * A delivery row. `claimed` is unfinished: held by `owner` until `leaseUntil`, after which (or
 * once the owner is known dead) anyone may take it over and resolve it with `key`.
 */
export interface Claim extends SlotRef {
  readonly id: number;
  readonly status: DeliveryStatus;
  readonly owner?: string | undefined;
  readonly leaseUntil?: string | undefined;
  /** Sent with the message (Discord's nonce) so a retry can find it; at most 25 characters. */
  readonly key?: string | undefined;
  readonly attempts: number;
  readonly claimedAt: string;
  readonly sentAt?: string | undefined;
  readonly messageId?: string | undefined;
  /** Why it failed or was skipped, or the last retryable error of an unfinished claim. */
  readonly error?: string | undefined;
  readonly plan?: DigestPlan | undefined;
}

/** The claim table. Every change to an unfinished claim names its owner and fails if it moved on. */
export interface ClaimRepository {
  /** Claims a free slot; undefined when the slot already has a row. */
  claim(slot: SlotRef, owner: string, leaseUntil: Date, at: Date): Promise<Claim | undefined>;
  get(slot: SlotRef): Promise<Claim | undefined>;
  /** Takes an unfinished claim still held by `from`; undefined when someone else moved first. */
  takeOver(id: number, from: string | undefined, owner: string, leaseUntil: Date): Promise<Claim | undefined>;
  setPlan(id: number, owner: string, plan: DigestPlan): Promise<boolean>;
  /** Leaves the claim unfinished after a retryable failure; it may be retried from `retryAt`. */
  postpone(id: number, owner: string, retryAt: Date, error: string): Promise<boolean>;
  /** Sent: records the platform's message id (and, for a digest, its papers count as posted). */
  complete(id: number, owner: string, messageId: string | undefined, at: Date): Promise<boolean>;
  /** Ends the claim without a message, keeping the reason. */
  finish(id: number, owner: string, status: 'failed' | 'skipped', reason: string, at: Date): Promise<boolean>;
  /** Records a slot nobody claimed as failed or skipped; false when it already has a row. */
  record(slot: SlotRef, status: 'failed' | 'skipped', reason: string, at: Date): Promise<boolean>;
  /** The recipient's rows with a slot at or after `since`, oldest first. */
  since(kind: DeliveryKind, platform: Platform, recipient: string, since: Date): Promise<Claim[]>;
  /** Unfinished claims of a kind, oldest slot first. */
  unfinished(kind: DeliveryKind): Promise<Claim[]>;
  /** The recipient's latest rows, newest slot first. */
  recent(kind: DeliveryKind, platform: Platform, recipient: string, limit: number): Promise<Claim[]>;
}

// ---------------------------------------------------------------- replicas

/** What a job lock did: ran the work (its result), or left it because another process held the job. */
export type Exclusive<T> = { readonly ran: true; readonly value: T } | { readonly ran: false };

/** Jobs that one process at a time runs among every replica on the database. */
export interface JobLocks {
  /** Runs `work` unless another process holds `job`; with `wait` it waits its turn instead. */
  exclusively<T>(job: 'ingest', options: { readonly wait: boolean }, work: () => Promise<T>): Promise<Exclusive<T>>;
}

/**
 * Delivery turns: the processes that send as one bot take turns, because the platform's limits are
 * the bot's, not a process's (docs/decisions/0013-postgresql.md). A turn is about rate; the claims
 * alone keep each delivery once.
 */
export interface DeliveryTurns {
  /**
   * Runs `work` once this process holds the turn of every bot in `bots` (`Messenger.identity`)
   * among every process on the database; work of this process that asks meanwhile shares the turn.
   * Returns `{ ran: false }` as soon as `signal` aborts while waiting (a process that is stopping).
   */
  take<T>(bots: readonly string[], signal: AbortSignal, work: () => Promise<T>): Promise<Exclusive<T>>;
  /** Whether this process still holds the turns of `bots`: false once the connection holding one was lost. */
  holds(bots: readonly string[]): boolean;
}

// ---------------------------------------------------------------- platform state

/** Small named values a platform keeps between runs (e.g. the hash of the registered commands). */
export interface MetaRepository {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, at: Date): Promise<void>;
}

/**
 * The state behind a button (a search's query and page), kept in the database so buttons keep
 * working after a restart. Ids are short, random and safe in a Discord custom_id or Slack value.
 */
export interface InteractionStateRepository {
  save(kind: string, payload: unknown, at: Date, ttlMs: number): Promise<string>;
  /** Undefined when unknown or expired: the button says so. */
  load(id: string, at: Date): Promise<{ kind: string; payload: unknown } | undefined>;
  /** Drops expired entries; returns how many. */
  prune(at: Date): Promise<number>;
}

// ---------------------------------------------------------------- chat platforms

/**
 * What the core needs of a chat platform to deliver: post in a channel, message a person.
 * Failures are DeliveryError (src/core/errors.ts), which says whether trying again can help.
 */
export interface Messenger {
  readonly platform: Platform;
  /**
   * The bot the platform counts this messenger's requests against (a digest of its token, never
   * the token): processes sending as the same identity take turns (`DeliveryTurns`). None for a
   * messenger with no shared limit (the console).
   */
  readonly identity?: string;
  /**
   * Posts a public message in the target channel. `details` (longer material such as abstracts)
   * goes in a thread under it where the channel allows threads. `key` identifies this send so a
   * retry after a crash can find the message instead of posting it twice (see `findPosted`).
   */
  post(target: TargetRef, message: Reply, options?: { readonly details?: Reply; readonly key?: string }): Promise<{ messageId: string }>;
  /** The message posted earlier with `key` in the target, if the platform can tell. */
  findPosted?(target: TargetRef, key: string): Promise<string | undefined>;
  /**
   * A direct message to the person (the platform opens and remembers the DM channel). `key`, as
   * for `post`, lets a retry after a crash find the message (`findDirect`) instead of sending twice.
   */
  sendDirect(person: PersonRef, message: Reply, options?: { readonly key?: string }): Promise<{ messageId: string }>;
  /** The direct message sent earlier with `key` to the person, if the platform can tell. */
  findDirect?(person: PersonRef, key: string): Promise<string | undefined>;
}

// ---------------------------------------------------------------- operations

/**
 * What became of one delivery (a digest slot, an alert DM), as the core decided it. `sent`,
 * `skipped` (nothing to post, turned off), `retry` (failed for now; tried again later), `failed`
 * (given up, or the target refused for good), `unreachable` (the person cannot be messaged).
 */
export interface DeliveryEvent {
  readonly kind: DeliveryKind;
  readonly platform: Platform;
  /** The channel id (digests) or the user id (alerts). */
  readonly recipient: string;
  readonly slot: string;
  readonly outcome: 'sent' | 'skipped' | 'retry' | 'failed' | 'unreachable';
  /** Papers in the message, when sent. */
  readonly papers?: number | undefined;
  /** Why it was not sent, in one line. */
  readonly reason?: string | undefined;
  /** The platform's own error code for a failure (Discord 50007, Slack `channel_not_found`), when it gave one. */
  readonly code?: string | number | undefined;
  /** What Paperboy did about a failure: retries at a time, turned the digest off, marked the person. */
  readonly action?: string | undefined;
}

/**
 * Counts and timings the core reports as things happen; the operations module (src/ops) keeps them
 * as Prometheus metrics. The core never learns how they are exposed.
 */
export interface Metrics {
  /** A delivery finished one try (any outcome). */
  delivery(event: DeliveryEvent): void;
  /** One answer (or failure) from the paper source: the HTTP status, or `network` / `timeout`. */
  sourceRequest(status: string): void;
  /** How long the search index took to rank one search. */
  searchSeconds(seconds: number): void;
}

/** For what runs without metrics (one-shot commands, tests). */
export const NO_METRICS: Metrics = { delivery: () => undefined, sourceRequest: () => undefined, searchSeconds: () => undefined };
