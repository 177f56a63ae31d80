/**
 * The ports core needs. src/store implements the repositories, src/sources the paper source,
 * platforms and the scheduler supply the rest. Nothing here knows SQL, HTTP or a chat SDK.
 */
import type { ReaderModelState, VoteValue } from './feedback/reader-model.js';
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

/** How many indexed papers hold each word: the search index's counts, for weighing one paper's words. */
export interface WordFrequencies {
  /** Waits for the index like a search does. */
  wordFrequencies(tokens: readonly string[]): Promise<{ readonly papers: number; readonly counts: readonly number[] }>;
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
  /** Hugging Face's trending list as it stands now (`sort=trending`), in its order. */
  trending(): Promise<Paper[]>;
}

// ---------------------------------------------------------------- people and topics

export interface Subscription {
  readonly id: number;
  readonly person: PersonRef;
  /** The topic as the person typed it (trimmed); parsed again when matched. */
  readonly topic: string;
  readonly createdAt: string;
  /** Alert when a matching paper reaches this many upvotes, once; absent: when it first appears. */
  readonly minUpvotes?: number | undefined;
}

export interface SubscriptionRepository {
  /** Adds the topic; returns false when the person already has it (compared case-insensitively). */
  add(person: PersonRef, topic: string, at: Date, minUpvotes?: number): Promise<boolean>;
  /** Changes the upvotes a topic the person has waits for (undefined: none); false when they do not have it. */
  setMinUpvotes(person: PersonRef, topic: string, minUpvotes: number | undefined): Promise<boolean>;
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
  /** The weekly "for you" message. */
  readonly forYou: ForYouMode;
  /** Where the person was last seen, on platforms with a token per workspace (Slack OAuth). */
  readonly workspaceId?: string | undefined;
}

export type ForYouMode = 'weekly' | 'off';

export interface PersonRepository {
  prefs(person: PersonRef): Promise<AlertPrefs>;
  setAlertMode(person: PersonRef, mode: AlertMode, time?: string, timezone?: string): Promise<AlertPrefs>;
  markUnreachable(person: PersonRef, reason: string, at: Date): Promise<void>;
  /** Called whenever the person uses a command. */
  markReachable(person: PersonRef): Promise<void>;
  setDmChannel(person: PersonRef, channelId: string): Promise<void>;
  setForYou(person: PersonRef, mode: ForYouMode): Promise<AlertPrefs>;
  /** People who asked for the weekly "for you" message. */
  forYouPeople(): Promise<PersonRef[]>;
  /** Remembers the workspace the person was seen in (their DMs use its token). */
  setWorkspace(person: PersonRef, workspaceId: string): Promise<void>;
}

/**
 * What a watched paper reached: its code was released, it crossed 50, 100 or 250 upvotes, it became
 * the top paper of its day.
 */
export type Milestone = 'code' | 'upvotes-50' | 'upvotes-100' | 'upvotes-250' | 'top-of-day';

export interface PendingAlert {
  readonly person: PersonRef;
  readonly paperId: string;
  readonly topics: readonly string[];
  /** Absent: a topic alert. Each (person, paper, milestone) is alerted once, as each (person, paper) for topics. */
  readonly milestone?: Milestone | undefined;
}

export interface Watch {
  readonly person: PersonRef;
  readonly paperId: string;
  readonly createdAt: string;
}

export interface WatchRepository {
  /** False when the person already watches it. */
  add(person: PersonRef, paperId: string, at: Date): Promise<boolean>;
  /** False when the person did not watch it. */
  remove(person: PersonRef, paperId: string): Promise<boolean>;
  /** The person's watches, oldest first. */
  list(person: PersonRef): Promise<Watch[]>;
  /** The watches of any of `paperIds`, for the milestone scan. */
  ofPapers(paperIds: readonly string[]): Promise<Watch[]>;
}

/** What the last milestone scan saw of a paper. */
export interface MilestoneMark {
  readonly paperId: string;
  readonly upvotes: number;
  readonly hasCode: boolean;
  readonly topOfDay: boolean;
}

export interface MilestoneRepository {
  marks(paperIds: readonly string[]): Promise<Map<string, MilestoneMark>>;
  /** Keeps marks only for papers that have none (a new watch's starting point). */
  baseline(marks: readonly MilestoneMark[], at: Date): Promise<void>;
  /**
   * In one transaction: queues the alerts (a (person, paper, milestone) queued before is ignored)
   * and writes the marks, so a crash in between neither loses a milestone nor alerts one twice.
   * Returns how many alerts were new.
   */
  record(alerts: readonly PendingAlert[], marks: readonly MilestoneMark[], at: Date): Promise<number>;
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

// ---------------------------------------------------------------- feedback and what is learnt

export type { ReaderModelState, VoteValue } from './feedback/reader-model.js';

/** What a press of 👍 or 👎 did: the person's vote on the paper before and after (0: none). */
export interface VoteChange {
  readonly paperId: string;
  readonly before: VoteValue | 0;
  readonly after: VoteValue | 0;
  /** The person's votes now, on all papers. */
  readonly votes: number;
}

/** How a person's model follows their votes (core/feedback/learner.ts); the store calls it inside the vote's transaction. */
export interface VoteLearner {
  /** The model after one more vote; `state` is undefined for the person's first. */
  learn(state: ReaderModelState | undefined, paper: Paper, vote: VoteValue): ReaderModelState;
  /** A model from these votes alone, oldest first (after a vote was taken back or changed). */
  replay(votes: readonly { readonly paper: Paper; readonly vote: VoteValue }[]): ReaderModelState;
}

export interface FeedbackRepository {
  /**
   * A press of 👍 (1) or 👎 (−1), in one write transaction: records the vote, changes it, or takes
   * it back when the person's vote on the paper already is `vote`; the person's model follows
   * through `learner` (incrementally for a new vote, replayed otherwise), so two presses at once,
   * on any replica, never lose one. The paper must be stored.
   */
  press(person: PersonRef, paperId: string, vote: VoteValue, at: Date, learner: VoteLearner): Promise<VoteChange>;
  /** The person's votes, by paper id. */
  votes(person: PersonRef): Promise<Map<string, VoteValue>>;
  /** The person's model; undefined when they have no votes. */
  model(person: PersonRef): Promise<ReaderModelState | undefined>;
  /** How many people have votes (for `paperboy status`). */
  voters(): Promise<number>;
}

/** Kinds of what Paperboy keeps about a person, as `forget` reports them. Open: a feature that keeps more adds its kind. */
export type PersonalData = 'votes' | 'model' | 'topics' | 'watches' | 'alerts' | 'messages' | 'settings' | 'digest-settings' | (string & {});

export interface PersonalDataRepository {
  /**
   * Deletes, in one transaction, every row that names the person: votes, model, topics, queued and
   * sent alerts, the records of the direct messages sent to them, their settings and DM channel;
   * a channel digest they configured stays, no longer naming them. Returns what was found, by kind
   * (kinds with nothing are left out).
   */
  forget(person: PersonRef): Promise<readonly { readonly kind: PersonalData; readonly count: number }[]>;
}

// ---------------------------------------------------------------- digests

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/**
 * What a digest covers: `daily`, the complete days since the last one; `weekly`, the seven UTC
 * days before its slot; `trending`, Hugging Face's trending list at its slot. A channel has at
 * most one of each.
 */
export type DigestKind = 'daily' | 'weekly' | 'trending';

export interface DigestSettings {
  readonly target: TargetRef;
  /** Absent: `daily`. */
  readonly kind?: DigestKind | undefined;
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
  /** Absent: `daily`. */
  readonly kind?: DigestKind | undefined;
  /** The scheduled slot, ISO 8601 UTC. */
  readonly slot: string;
  /** The last daily date the digest covered. */
  readonly coveredUntil: string;
  readonly paperIds: readonly string[];
  readonly messageId?: string | undefined;
  readonly sentAt: string;
}

export interface DigestRepository {
  /** The target's digest of one kind (default `daily`). */
  settings(target: TargetRef, kind?: DigestKind): Promise<DigestSettings | undefined>;
  /** Every digest of the channel, one per kind, in the order daily, weekly, trending. */
  ofChannel(target: TargetRef): Promise<DigestSettings[]>;
  save(settings: DigestSettings): Promise<void>;
  /** Turns off the target's digest of `kind`, or every kind when none is given (the channel is gone). */
  disable(target: TargetRef, reason: string, at: Date, kind?: DigestKind): Promise<void>;
  /** Enabled targets. */
  listEnabled(): Promise<DigestSettings[]>;
  /** The most recent digest of the kind (default `daily`) sent to the target. */
  last(target: TargetRef, kind?: DigestKind): Promise<DigestRecord | undefined>;
  /** Of `ids`, those already posted to the target by an earlier digest of the kind (default `daily`). */
  postedIds(target: TargetRef, ids: readonly string[], kind?: DigestKind): Promise<Set<string>>;
  record(digest: DigestRecord): Promise<void>;
  /** Every target, enabled or not (for `paperboy status`). */
  listAll(): Promise<DigestSettings[]>;
}

// ---------------------------------------------------------------- delivery claims

/**
 * `digest` is a daily digest (the name it had before there were other kinds, kept so earlier
 * claims still count); weekly and trending digests have their own, so each kind claims its slots.
 * `alert` is a person's alert DM, `foryou` a person's weekly "for you" DM.
 */
export type DeliveryKind = 'digest' | 'digest-weekly' | 'digest-trending' | 'alert' | 'foryou';
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
  /** The daily dates covered; for a trending digest, the slot's UTC day. */
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
 * Installations in many workspaces (Slack OAuth): each holds the platform's installation (its
 * tokens), kept encrypted by the store. Removing one (an uninstall) forgets the tokens and pauses
 * the workspace's digests and its people's alerts with the reason; installing again resumes them.
 */
export interface WorkspaceInstallation {
  readonly platform: Platform;
  /** What the workspace's digest targets and people are stored under (a team id, or an org id for an org-wide install). */
  readonly workspaceId: string;
  readonly teamId?: string | undefined;
  readonly enterpriseId?: string | undefined;
  readonly orgWide: boolean;
}

export interface InstallationRecord extends WorkspaceInstallation {
  readonly installedAt: string;
  /** Set while the workspace is paused (uninstalled, tokens revoked). */
  readonly removedAt?: string | undefined;
  readonly removedReason?: string | undefined;
}

export interface InstallationRepository {
  /** Stores (or replaces) the installation and resumes what an earlier removal paused; returns how many targets and people resumed. */
  save(installation: WorkspaceInstallation, secret: string, at: Date): Promise<{ targets: number; people: number }>;
  /** The stored secret, decrypted; undefined when not installed (or removed). */
  secret(platform: Platform, workspaceId: string): Promise<string | undefined>;
  /** Forgets the secret and pauses the workspace's digests and alerts with `reason`; returns how many were paused. */
  remove(platform: Platform, workspaceId: string, reason: string, at: Date): Promise<{ targets: number; people: number }>;
  /** Every workspace ever installed, paused ones included (for `paperboy status`). */
  list(): Promise<InstallationRecord[]>;
}

/** How a pause's reason starts, on digest targets and people: only these are resumed by a new install. */
export const PAUSED_PREFIX = 'Paused: ';

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
