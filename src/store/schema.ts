/**
 * Table types for kysely. Column names are the SQL names (snake_case); dates are ISO 8601 strings,
 * lists are JSON arrays in TEXT columns, booleans are 0/1 integers.
 */
import type { Generated, Kysely } from 'kysely';
import type { PaperOrigin } from '../core/paper.js';
import type { DeliveryKind, DigestKind, Platform } from '../core/ports.js';

export interface PapersTable {
  /** Integer key. */
  pk: Generated<number>;
  /** arXiv id without version. */
  id: string;
  title: string;
  summary: string;
  /** JSON array of names. */
  authors: string;
  org_name: string | null;
  org_fullname: string | null;
  upvotes: number;
  num_comments: number;
  github_repo: string | null;
  github_stars: number | null;
  project_page: string | null;
  ai_summary: string | null;
  /** JSON array. */
  ai_keywords: string;
  published_at: string;
  daily_date: string | null;
  thumbnail: string | null;
  origin: PaperOrigin;
  first_seen_at: string;
  updated_at: string;
  /** The strings of `indexedDocument(paper)`, which the search index reads (named when FTS5 read them). */
  fts_title: string;
  fts_keywords: string;
  fts_ai_summary: string;
  fts_abstract: string;
  fts_authors: string;
  fts_org: string;
}

/** Which papers changed, in order (migration 0006): the in-memory search index follows it. */
export interface PaperChangesTable {
  seq: Generated<number>;
  paper_id: string;
}

/** Which papers Hugging Face's search returned for a query (migration 0007). */
export interface SourceSearchesTable {
  query: string;
  /** JSON array of paper ids, in Hugging Face's order. */
  paper_ids: string;
  fetched_at: string;
}

export interface SubscriptionsTable {
  id: Generated<number>;
  platform: Platform;
  user_id: string;
  topic: string;
  /** Case-folded topic; unique per person. */
  topic_key: string;
  created_at: string;
  /** Alert when a matching paper reaches this many upvotes (migration 0011); null: when it first appears. */
  min_upvotes: number | null;
}

export interface PeopleTable {
  platform: Platform;
  user_id: string;
  alert_mode: 'instant' | 'daily' | 'off';
  alert_time: string;
  timezone: string;
  dm_channel_id: string | null;
  unreachable_since: string | null;
  unreachable_reason: string | null;
  /** The weekly "for you" message (migration 0016). */
  foryou: Generated<'weekly' | 'off'>;
  /** The workspace the person was last seen in (migration 0013). */
  workspace_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface DigestTargetsTable {
  id: Generated<number>;
  platform: Platform;
  workspace_id: string | null;
  channel_id: string;
  /** One row per kind of digest in a channel (migration 0010). */
  kind: Generated<DigestKind>;
  time: string;
  timezone: string;
  /** JSON array of weekday names, e.g. ["mon","tue"]. */
  weekdays: string;
  top: number;
  min_upvotes: number;
  topic: string | null;
  enabled: number;
  disabled_reason: string | null;
  updated_by: string | null;
  updated_at: string;
  created_at: string;
}

export type DeliveryStatus = 'claimed' | 'sent' | 'failed' | 'skipped';

export interface DeliveriesTable {
  id: Generated<number>;
  kind: DeliveryKind;
  platform: Platform;
  /** Channel id for digests, user id for alerts. */
  recipient: string;
  /** The scheduled slot (digests) or send time (alerts), ISO 8601 UTC. */
  slot: string;
  status: DeliveryStatus;
  claimed_at: string;
  sent_at: string | null;
  message_id: string | null;
  covered_until: string | null;
  error: string | null;
  /** Who holds an unfinished claim (`host:pid:boot`), and until when (ISO 8601). */
  owner: string | null;
  lease_until: string | null;
  /** Sent with the message (Discord's nonce) so a retry can find it. */
  claim_key: string | null;
  /** JSON DigestPlan: what a digest claim posts, fixed before the first send. */
  plan: string | null;
  attempts: Generated<number>;
}

export interface DeliveredPapersTable {
  delivery_id: number;
  paper_id: string;
  /** Rank of the paper within the message. */
  position: number;
}

export interface AlertsTable {
  id: Generated<number>;
  platform: Platform;
  user_id: string;
  paper_id: string;
  /** JSON array of the topics that matched. */
  topics: string;
  /** '' for a topic alert; else the milestone of a watched paper (`code`, `upvotes-50`…, `top-of-day`). Migration 0011. */
  milestone: Generated<string>;
  queued_at: string;
  /** Null while pending. */
  delivery_id: number | null;
}

/** Who watches which paper (migration 0011). */
export interface WatchesTable {
  id: Generated<number>;
  platform: Platform;
  user_id: string;
  paper_id: string;
  created_at: string;
}

/** Per paper, what the last milestone scan saw: its milestones are what changed since (migration 0011). */
export interface MilestoneMarksTable {
  paper_id: string;
  upvotes: number;
  has_code: number;
  top_of_day: number;
  updated_at: string;
}

/** A person's 👍 (1) or 👎 (−1) on a paper (migration 0016). */
export interface VotesTable {
  platform: Platform;
  user_id: string;
  paper_id: string;
  vote: number;
  voted_at: string;
}

/** What a person's votes taught (migration 0016): the learner's state, JSON. */
export interface ReaderModelsTable {
  platform: Platform;
  user_id: string;
  state: string;
  votes: number;
  updated_at: string;
}

export interface MetaTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface InteractionStateTable {
  /** Random, URL-safe; what a button's id carries. */
  id: string;
  kind: string;
  /** JSON. */
  payload: string;
  created_at: string;
  expires_at: string;
}

/** Installations in many workspaces (migration 0012); `secret` is encrypted (token-cipher.ts). */
export interface InstallationsTable {
  platform: Platform;
  workspace_id: string;
  team_id: string | null;
  enterprise_id: string | null;
  org_wide: number;
  secret: string | null;
  installed_at: string;
  removed_at: string | null;
  removed_reason: string | null;
}

export interface Schema {
  papers: PapersTable;
  source_searches: SourceSearchesTable;
  paper_changes: PaperChangesTable;
  subscriptions: SubscriptionsTable;
  people: PeopleTable;
  digest_targets: DigestTargetsTable;
  deliveries: DeliveriesTable;
  delivered_papers: DeliveredPapersTable;
  alerts: AlertsTable;
  watches: WatchesTable;
  milestone_marks: MilestoneMarksTable;
  votes: VotesTable;
  reader_models: ReaderModelsTable;
  meta: MetaTable;
  interaction_state: InteractionStateTable;
  installations: InstallationsTable;
}

/** The application's database handle. */
export type Database = Kysely<Schema>;
