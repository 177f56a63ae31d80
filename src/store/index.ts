import type {
  AlertRepository,
  ClaimRepository,
  Clock,
  DeliveryTurns,
  DigestRepository,
  FeedbackRepository,
  InstallationRepository,
  InteractionStateRepository,
  JobLocks,
  MetaRepository,
  MilestoneRepository,
  PaperRepository,
  PersonalDataRepository,
  PersonRepository,
  SourceSearchRepository,
  SubscriptionRepository,
  WatchRepository,
} from '../core/ports.js';
import { sql } from 'kysely';
import { createAlertRepository } from './alert-repository.js';
import { createClaimRepository } from './claim-repository.js';
import { createDigestRepository } from './digest-repository.js';
import { engineOf } from './engine/engine.js';
import { createInstallationRepository } from './installation-repository.js';
import { pendingMigrations } from './migrate.js';
import { createFeedbackRepository } from './feedback-repository.js';
import { createInteractionStateRepository } from './interaction-state-repository.js';
import { createMetaRepository } from './meta-repository.js';
import { createMilestoneRepository } from './milestone-repository.js';
import { createIndexedPapers, type IndexedPapers } from './indexed-papers.js';
import { createPaperRepository } from './paper-repository.js';
import { createPersonalDataRepository } from './personal-data-repository.js';
import { createPersonRepository } from './person-repository.js';
import { createSourceSearchRepository } from './source-search-repository.js';
import type { Database } from './schema.js';
import { createSubscriptionRepository } from './subscription-repository.js';
import { createWatchRepository } from './watch-repository.js';
import { createTokenCipher } from './token-cipher.js';

export { copyDatabase, type TableCopy } from './copy-database.js';
export { describeDatabase, openDatabase } from './database.js';
export { migrateDown, migrateToLatest, pendingMigrations } from './migrate.js';
export type { Database } from './schema.js';

/** Every repository over one database, and the way to close it. */
export interface Store {
  readonly papers: PaperRepository;
  readonly subscriptions: SubscriptionRepository;
  readonly people: PersonRepository;
  readonly alerts: AlertRepository;
  readonly watches: WatchRepository;
  readonly milestones: MilestoneRepository;
  readonly digests: DigestRepository;
  readonly meta: MetaRepository;
  readonly interactions: InteractionStateRepository;
  /** Installations in many workspaces, their tokens encrypted with `tokenKey`. */
  readonly installations: InstallationRepository;
  /** Exactly-once delivery claims (digest slots, alert DMs). */
  readonly claims: ClaimRepository;
  readonly sourceSearches: SourceSearchRepository;
  /** Votes and the model each person's votes taught. */
  readonly feedback: FeedbackRepository;
  /** `forget-me`. */
  readonly personalData: PersonalDataRepository;
  /** One replica at a time: the ingest pass. */
  readonly locks: JobLocks;
  /** One process at a time delivers for a bot (the platforms' limits are the bot's). */
  readonly turns: DeliveryTurns;
  /** The in-memory search index: `start` builds it in the background (a long-running process does at once). */
  readonly searchIndex: Pick<IndexedPapers, 'start' | 'ready' | 'stats' | 'rank' | 'wordFrequencies'>;
  /** For readiness checks: a trivial query, and the migrations not applied yet. */
  readonly health: { ping(): Promise<void>; pendingMigrations(): Promise<readonly string[]> };
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Stamps bookkeeping times the ports do not pass in (a person's updated_at). */
  readonly clock?: Clock;
  /** Told when the search index fails to build or catch up. */
  readonly onSearchIndexError?: (error: unknown) => void;
  /** Told when a build of the search index serves (its size and how long it took). */
  readonly onSearchIndexBuilt?: (stats: { readonly papers: number; readonly seconds: number }) => void;
  /** TOKEN_ENCRYPTION_KEY, 32 bytes: seals the installations' tokens. Without it they cannot be stored or read. */
  readonly tokenKey?: Buffer | undefined;
}

export function createStore(db: Database, options: StoreOptions = {}): Store {
  const papers = createPaperRepository(db);
  const indexed = createIndexedPapers(db, papers, {
    ...(options.onSearchIndexError ? { onError: options.onSearchIndexError } : {}),
    ...(options.onSearchIndexBuilt ? { onBuilt: options.onSearchIndexBuilt } : {}),
  });
  return {
    papers: indexed.papers,
    searchIndex: indexed,
    sourceSearches: createSourceSearchRepository(db),
    subscriptions: createSubscriptionRepository(db),
    people: createPersonRepository(db, options.clock),
    alerts: createAlertRepository(db),
    watches: createWatchRepository(db),
    milestones: createMilestoneRepository(db),
    digests: createDigestRepository(db),
    meta: createMetaRepository(db),
    interactions: createInteractionStateRepository(db),
    installations: createInstallationRepository(db, options.tokenKey ? createTokenCipher(options.tokenKey) : undefined),
    claims: createClaimRepository(db),
    health: {
      ping: async () => void (await sql`select 1`.execute(db)),
      pendingMigrations: () => pendingMigrations(db),
    },
    feedback: createFeedbackRepository(db),
    personalData: createPersonalDataRepository(db),
    locks: { exclusively: (job, options, work) => engineOf(db).exclusively(job, options, work) },
    turns: engineOf(db).turns,
    async close() {
      await indexed.close();
      await db.destroy();
    },
  };
}
