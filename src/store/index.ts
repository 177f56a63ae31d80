import type {
  AlertRepository,
  ClaimRepository,
  Clock,
  DigestRepository,
  InteractionStateRepository,
  JobLocks,
  MetaRepository,
  MilestoneRepository,
  PaperRepository,
  PersonRepository,
  SourceSearchRepository,
  SubscriptionRepository,
  WatchRepository,
} from '../core/ports.js';
import { createAlertRepository } from './alert-repository.js';
import { createClaimRepository } from './claim-repository.js';
import { createDigestRepository } from './digest-repository.js';
import { engineOf } from './engine/engine.js';
import { createInteractionStateRepository } from './interaction-state-repository.js';
import { createMetaRepository } from './meta-repository.js';
import { createMilestoneRepository } from './milestone-repository.js';
import { createIndexedPapers, type IndexedPapers } from './indexed-papers.js';
import { createPaperRepository } from './paper-repository.js';
import { createPersonRepository } from './person-repository.js';
import { createSourceSearchRepository } from './source-search-repository.js';
import type { Database } from './schema.js';
import { createSubscriptionRepository } from './subscription-repository.js';
import { createWatchRepository } from './watch-repository.js';

export { copyDatabase, type TableCopy } from './copy-database.js';
export { describeDatabase, openDatabase } from './database.js';
export { migrateDown, migrateToLatest } from './migrate.js';
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
  /** Exactly-once delivery claims (digest slots, alert DMs). */
  readonly claims: ClaimRepository;
  readonly sourceSearches: SourceSearchRepository;
  /** One replica at a time: the ingest pass. */
  readonly locks: JobLocks;
  /** The in-memory search index: `start` builds it in the background (a long-running process does at once). */
  readonly searchIndex: Pick<IndexedPapers, 'start' | 'ready' | 'stats' | 'rank' | 'wordFrequencies'>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Stamps bookkeeping times the ports do not pass in (a person's updated_at). */
  readonly clock?: Clock;
  /** Told when the search index fails to build or catch up. */
  readonly onSearchIndexError?: (error: unknown) => void;
  /** Told when a build of the search index serves (its size and how long it took). */
  readonly onSearchIndexBuilt?: (stats: { readonly papers: number; readonly seconds: number }) => void;
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
    claims: createClaimRepository(db),
    locks: { exclusively: (job, options, work) => engineOf(db).exclusively(job, options, work) },
    async close() {
      await indexed.close();
      await db.destroy();
    },
  };
}
