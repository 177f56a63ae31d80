/** Builds every command use-case from the ports, so the composition root wires one object. */
import type {
  DigestRepository,
  MilestoneRepository,
  Metrics,
  FeedbackRepository,
  PaperRepository,
  PaperSource,
  PersonalDataRepository,
  PersonRepository,
  SourceSearchRepository,
  SubscriptionRepository,
  WatchRepository,
  WordFrequencies,
} from '../ports.js';
import { createAlerts, type AlertsUseCase } from './alerts.js';
import { createDigestCommands, type DigestUseCase } from './digest.js';
import { createFeedback, type FeedbackUseCase } from './feedback.js';
import { createForgetMe, type ForgetMeUseCase } from './forget-me.js';
import { createPaperLookup, type PaperUseCase } from './paper.js';
import { createSearch, type SearchUseCase } from './search.js';
import { createSubscriptions, type SubscriptionsUseCase } from './subscriptions.js';
import { createToday, type TodayUseCase } from './today.js';
import { createSimilar, type SimilarUseCase } from './similar.js';
import { createWatches, type WatchesUseCase } from './watches.js';

export interface UseCaseDeps {
  readonly papers: PaperRepository;
  readonly subscriptions: SubscriptionRepository;
  readonly people: PersonRepository;
  readonly digests: DigestRepository;
  readonly source: PaperSource;
  readonly sourceSearches: SourceSearchRepository;
  readonly watches: WatchRepository;
  readonly milestones: Pick<MilestoneRepository, 'baseline'>;
  /** The search index's word counts, for "more like this". */
  readonly searchIndex: WordFrequencies;
  /** Where search timings go (default: nowhere). */
  readonly metrics?: Pick<Metrics, 'searchSeconds'> | undefined;
  readonly feedback: FeedbackRepository;
  readonly personalData: PersonalDataRepository;
}

/** The use-cases behind `/papers`, one per area. */
export interface UseCases {
  readonly search: SearchUseCase;
  readonly paper: PaperUseCase;
  readonly today: TodayUseCase;
  readonly subscriptions: SubscriptionsUseCase;
  readonly alerts: AlertsUseCase;
  readonly digest: DigestUseCase;
  readonly watches: WatchesUseCase;
  readonly similar: SimilarUseCase;
  readonly feedback: FeedbackUseCase;
  readonly forgetMe: ForgetMeUseCase;
}

export function createUseCases(deps: UseCaseDeps): UseCases {
  const paper = createPaperLookup(deps);
  return {
    search: createSearch(deps),
    paper,
    today: createToday(deps),
    subscriptions: createSubscriptions(deps),
    alerts: createAlerts(deps),
    digest: createDigestCommands(deps),
    watches: createWatches({ ...deps, lookup: paper }),
    similar: createSimilar({ ...deps, lookup: paper }),
    feedback: createFeedback(deps),
    forgetMe: createForgetMe(deps),
  };
}
