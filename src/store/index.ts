import type {
  AlertRepository,
  ClaimRepository,
  Clock,
  DigestRepository,
  InteractionStateRepository,
  MetaRepository,
  PaperRepository,
  PersonRepository,
  SubscriptionRepository,
} from '../core/ports.js';
import { createAlertRepository } from './alert-repository.js';
import { createClaimRepository } from './claim-repository.js';
import { createDigestRepository } from './digest-repository.js';
import { createInteractionStateRepository } from './interaction-state-repository.js';
import { createMetaRepository } from './meta-repository.js';
import { createPaperRepository } from './paper-repository.js';
import { createPersonRepository } from './person-repository.js';
import type { Database } from './schema.js';
import { createSubscriptionRepository } from './subscription-repository.js';

export { openDatabase } from './database.js';
export { migrateDown, migrateToLatest } from './migrate.js';
export type { Database } from './schema.js';

/** Every repository over one database, and the way to close it. */
export interface Store {
  readonly papers: PaperRepository;
  readonly subscriptions: SubscriptionRepository;
  readonly people: PersonRepository;
  readonly alerts: AlertRepository;
  readonly digests: DigestRepository;
  readonly meta: MetaRepository;
  readonly interactions: InteractionStateRepository;
  /** Exactly-once delivery claims (digest slots, alert DMs). */
  readonly claims: ClaimRepository;
  close(): Promise<void>;
}

/** `clock` stamps bookkeeping times the ports do not pass in (a person's updated_at). */
export function createStore(db: Database, options: { clock?: Clock } = {}): Store {
  return {
    papers: createPaperRepository(db),
    subscriptions: createSubscriptionRepository(db),
    people: createPersonRepository(db, options.clock),
    alerts: createAlertRepository(db),
    digests: createDigestRepository(db),
    meta: createMetaRepository(db),
    interactions: createInteractionStateRepository(db),
    claims: createClaimRepository(db),
    close: () => db.destroy(),
  };
}
