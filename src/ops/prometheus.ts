/**
 * The Metrics port kept as Prometheus metrics (prom-client), in a registry of this process's own:
 * counters and the search histogram are fed by the core as things happen; the papers stored and
 * the time of the last successful ingest are read when scraped, so every replica reports what the
 * database holds. Labels are platform names, outcomes and HTTP statuses: never an id or a token.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { digestKindOf } from '../core/digest/kinds.js';
import type { DeliveryEvent, Metrics } from '../core/ports.js';

export interface ScrapeSources {
  /** Papers stored (the search index's count once built). */
  papers(): Promise<number>;
  /** When the last ingest of any replica finished successfully. */
  lastIngest(): Promise<Date | undefined>;
}

export interface PrometheusMetrics extends Metrics {
  /** Every metric in the text exposition format. */
  text(): Promise<string>;
  readonly contentType: string;
  /** Starts each platform's counters at zero, so a rate over them exists before the first event. */
  knowPlatforms(platforms: readonly string[]): void;
}

/** Outcomes each counter starts at zero with (others appear when they first happen). */
const DIGEST_OUTCOMES = ['sent', 'skipped', 'retry', 'failed'] as const;
const ALERT_OUTCOMES = ['sent', 'skipped', 'retry', 'unreachable'] as const;
/** Searches take from well under a millisecond (100k papers) to tens (1M papers, long phrases). */
const SEARCH_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export function createPrometheusMetrics(sources: ScrapeSources): PrometheusMetrics {
  const registry = new Registry();
  // Standard names (process_*, nodejs_*), so stock dashboards and alerts apply as they are.
  collectDefaultMetrics({ register: registry });
  const digests = new Counter({
    name: 'paperboy_digests_total',
    help: 'Digest deliveries (daily, weekly and trending) by platform and outcome (sent, skipped, retry, failed).',
    labelNames: ['platform', 'outcome'] as const,
    registers: [registry],
  });
  const alerts = new Counter({
    name: 'paperboy_alerts_total',
    help: 'Direct-message deliveries (topic and milestone alerts, and the weekly "for you") by platform and outcome (sent, skipped, retry, unreachable).',
    labelNames: ['platform', 'outcome'] as const,
    registers: [registry],
  });
  const hfRequests = new Counter({
    name: 'paperboy_hf_requests_total',
    help: 'Requests to the Hugging Face API by answer: the HTTP status, or network / timeout.',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const searches = new Histogram({
    name: 'paperboy_search_duration_seconds',
    help: 'Time the search index took to rank one search.',
    buckets: SEARCH_BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: 'paperboy_papers',
    help: 'Papers stored in the database.',
    registers: [registry],
    async collect() {
      // A database that cannot be read leaves the last value; /readyz says why.
      const count = await sources.papers().catch(() => undefined);
      if (count !== undefined) this.set(count);
    },
  });
  new Gauge({
    name: 'paperboy_ingest_last_success_timestamp_seconds',
    help: 'Unix time when the last successful ingest (of any replica) finished.',
    registers: [registry],
    async collect() {
      const at = await sources.lastIngest().catch(() => undefined);
      if (at !== undefined) this.set(at.getTime() / 1000);
    },
  });

  return {
    delivery(event: DeliveryEvent) {
      (digestKindOf(event.kind) !== undefined ? digests : alerts).inc({ platform: event.platform, outcome: event.outcome });
    },
    sourceRequest(status) {
      hfRequests.inc({ status });
    },
    searchSeconds(seconds) {
      searches.observe(seconds);
    },
    knowPlatforms(platforms) {
      for (const platform of platforms) {
        for (const outcome of DIGEST_OUTCOMES) digests.inc({ platform, outcome }, 0);
        for (const outcome of ALERT_OUTCOMES) alerts.inc({ platform, outcome }, 0);
      }
    },
    text: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
