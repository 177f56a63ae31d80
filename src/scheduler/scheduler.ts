/**
 * The schedule: re-polls Hugging Face on INGEST_CRON and sends instant alerts after each poll; every
 * minute, posts each target's due digest slots, resumes unfinished claims and sends daily alert
 * bundles. `start()` runs the same pass once at once, which is the catch-up after downtime.
 *
 * Settings are read from the database on every pass rather than pushed by `/papers digest set`:
 * a change made through another replica (or a second process on the same file) is seen within a
 * minute without any messaging between them, and there is no per-target timer to get out of step.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Config } from '../config.js';
import { sumAlertReports, type AlertBatchReport } from '../core/alerts/alert-report.js';
import { createAlertBatches } from '../core/alerts/deliver-alert-batches.js';
import { startOfDay, utcDate } from '../core/calendar-date.js';
import { resume, type Checkpoint, type ClaimPolicy } from '../core/delivery/claim-policy.js';
import { createDigestDelivery, digestSlotRef, type DigestOutcome } from '../core/digest/deliver-digest.js';
import { DIGEST_KINDS, digestDeliveryKind, digestKindOf, kindOf } from '../core/digest/kinds.js';
import { createForYouDelivery } from '../core/feedback/deliver-for-you.js';
import { createInFlight } from '../core/in-flight.js';
import {
  NO_METRICS,
  type AlertRepository,
  type Claim,
  type DeliveryKind,
  type ClaimRepository,
  type Clock,
  type DeliveryTurns,
  type DigestRepository,
  type DigestSettings,
  type FeedbackRepository,
  type InteractionStateRepository,
  type JobLocks,
  type Messenger,
  type Metrics,
  type MetaRepository,
  type PaperRepository,
  type PersonRepository,
  type Platform,
} from '../core/ports.js';
import { runBounded } from '../core/run-bounded.js';
import { missedSlots } from '../core/schedule/slots.js';
import type { Ingest, IngestReport } from '../core/use-cases/ingest.js';
import type { Logger } from '../logger.js';
import { deliveryBackoffMs } from './backoff.js';
import { deliveryReporter } from './delivery-log.js';
import { ownerGone, processOwner } from './owner.js';

const HOUR_MS = 3_600_000;
/** How far back missed slots are looked for (and recorded as skipped). */
export const LOOKBACK_MS = 31 * 24 * HOUR_MS;
/** A claim is held this long before another process may take it over. */
export const DEFAULT_LEASE_MS = 10 * 60_000;
/** A poll that failed this recently is not repeated for the next due digest; it is retried with backoff. */
const RECENT_FAILURE_MS = 60_000;
/** Where the last finished ingest of any replica is noted (ISO time), for the others' digests. */
const INGESTED_AT_KEY = 'ingest.finished_at';
/** How long `stop()` waits for in-flight sends. */
export const DEFAULT_DRAIN_MS = 15_000;

const NO_ALERTS: AlertBatchReport = sumAlertReports([]);
const NO_PASS: PassReport = { digests: [], expired: 0, alerts: NO_ALERTS, forYou: NO_ALERTS };

/** When the last ingest of any replica on the database finished successfully. */
export async function lastIngestAt(meta: MetaRepository): Promise<Date | undefined> {
  const at = Date.parse((await meta.get(INGESTED_AT_KEY)) ?? '');
  return Number.isNaN(at) ? undefined : new Date(at);
}

export interface SchedulerDeps {
  readonly store: {
    readonly papers: PaperRepository;
    readonly digests: DigestRepository;
    readonly alerts: AlertRepository;
    readonly people: PersonRepository;
    readonly claims: ClaimRepository;
    /** Votes and models: alert bundles come best first for each person, and the weekly "for you" message. */
    readonly feedback?: FeedbackRepository;
    /** Expired button state is dropped after each poll. */
    readonly interactions?: Pick<InteractionStateRepository, 'prune'>;
    /** One replica ingests at a time (without: this process is the only one). */
    readonly locks?: JobLocks;
    /** One replica at a time delivers for a bot (without: this process is the only one). */
    readonly turns?: DeliveryTurns;
    /** Where the time of the last ingest is shared with the other replicas. */
    readonly meta?: MetaRepository;
  };
  /** `trending` fetches and stores Hugging Face's trending list; without it, trending digests fail and are retried. */
  readonly ingest: Pick<Ingest, 'refresh'> & Partial<Pick<Ingest, 'trending'>>;
  /** The platforms this process delivers to. A target on a platform not listed here is left alone. */
  readonly messengers: ReadonlyMap<Platform, Messenger>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: Pick<Config, 'INGEST_CRON' | 'BACKFILL_DAYS' | 'CATCHUP_GRACE_HOURS'>;
  /** Defaults: a fresh `host:pid:boot`, DEFAULT_LEASE_MS, DEFAULT_DRAIN_MS. */
  readonly owner?: string;
  readonly leaseMs?: number;
  readonly drainMs?: number;
  /**
   * Deliveries in flight at once (default DELIVERY_CONCURRENCY): targets and people side by side,
   * each target's slots and each person's claims in order. The adapters keep the platforms' limits.
   */
  readonly concurrency?: number;
  /** Where each delivery's outcome is counted (default: nowhere); every outcome is logged as well. */
  readonly metrics?: Metrics | undefined;
  /** Called as a delivery passes its steps (the fault-injection suite stops the process there). */
  readonly checkpoint?: (kind: DeliveryKind, point: Checkpoint) => void;
}

export interface PassReport {
  readonly digests: readonly { readonly target: string; readonly slot: string; readonly outcome: DigestOutcome }[];
  readonly expired: number;
  readonly alerts: AlertBatchReport;
  /** Weekly "for you" messages. */
  readonly forYou: AlertBatchReport;
}

/** An ingest report, or (`elsewhere`) a poll left to the replica that was already ingesting. */
export type PollReport = IngestReport | { readonly elsewhere: true };

export interface Scheduler {
  /**
   * The catch-up pass (poll, then every due slot and unfinished claim), then the cron jobs.
   * `poll: false` skips the first poll, for a caller that has just polled through `poll()`.
   */
  start(options?: { readonly poll?: boolean }): Promise<void>;
  /** Stops the jobs and lets in-flight sends finish, waiting at most the drain time. */
  stop(): Promise<void>;
  /** One pass of the minute job (`instant`: also send instant alerts, as at start); exposed for tests. */
  pass(options?: { readonly instant?: boolean }): Promise<PassReport>;
  /**
   * One run of the ingest job: poll Hugging Face (unless another replica is polling), then send
   * instant alerts. Rejects when the poll fails.
   */
  poll(): Promise<PollReport>;
}

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const { store, clock, logger, config, messengers } = deps;
  const owner = deps.owner ?? processOwner();
  const graceMs = config.CATCHUP_GRACE_HOURS * HOUR_MS;
  const graceHours = config.CATCHUP_GRACE_HOURS;
  const policy = (kind: DeliveryKind): ClaimPolicy => ({
    owner,
    leaseMs: deps.leaseMs ?? DEFAULT_LEASE_MS,
    backoffMs: deliveryBackoffMs,
    ownerGone: (other) => ownerGone(other, owner),
    checkpoint: deps.checkpoint && ((point) => deps.checkpoint?.(kind, point)),
  });
  /** The bots this process sends as: while it delivers, no other process on the database does for them. */
  const bots = [...new Set([...messengers.values()].flatMap((m) => (m.identity ? [m.identity] : [])))].sort();
  /** No further delivery starts once stopping, or once the turn was lost with its connection. */
  const halted = () => stopping || (store.turns !== undefined && !store.turns.holds(bots));
  const bounded = { concurrency: deps.concurrency, stopping: halted };
  const report = deliveryReporter(logger, deps.metrics ?? NO_METRICS);
  const alertBatches = createAlertBatches({ ...store, clock, policy: policy('alert'), ...bounded, report });
  const trending = deps.ingest.trending?.bind(deps.ingest);
  const digestDelivery = createDigestDelivery({ ...store, clock, policy: policy('digest'), graceMs, freshen, trending, report });
  const feedback = store.feedback;
  const forYouDelivery = feedback && createForYouDelivery({ ...store, feedback, clock, policy: policy('foryou'), report });

  const inFlight = createInFlight();
  const tasks: ScheduledTask[] = [];
  let stopping = false;
  /** Aborted by stop(): a pass waiting for its turn leaves at once. */
  const stopped = new AbortController();
  let lastFresh: Date | undefined;
  let lastFailure: { readonly at: number; readonly error: unknown } | undefined;
  let polling: Promise<PollReport> | undefined;

  /** The ingest itself, noted for the other replicas when it finished. */
  async function ingest(): Promise<IngestReport> {
    const report = await deps.ingest.refresh(config.BACKFILL_DAYS);
    lastFresh = clock.now();
    await store.meta?.set(INGESTED_AT_KEY, lastFresh.toISOString(), lastFresh);
    return report;
  }

  /**
   * Polls once at a time in this process (callers arriving during a poll share it) and in all
   * replicas: `wait: false` leaves the poll to a replica already polling; `wait: true` (a digest
   * that needs the day) waits for it and polls after.
   */
  function poll(options: { readonly wait?: boolean } = {}): Promise<PollReport> {
    polling ??= (async () => {
      let report: PollReport;
      try {
        const done = store.locks ? await store.locks.exclusively('ingest', { wait: options.wait === true }, ingest) : { ran: true as const, value: await ingest() };
        lastFailure = undefined;
        if (done.ran) {
          report = done.value;
          logger.info({ ...report }, 'ingest finished');
        } else {
          report = { elsewhere: true };
          logger.debug('another replica is ingesting; this poll is left to it');
        }
      } catch (error) {
        lastFailure = { at: clock.now().getTime(), error };
        throw error;
      } finally {
        polling = undefined;
      }
      // Also after a poll left to another replica: whichever replica is up sends what it queued.
      // After the ingest lock was let go: a replica never waits for the turn while holding it.
      await inTurn(() => sendAlerts('instant'), NO_ALERTS);
      await deps.store.interactions?.prune(clock.now());
      return report;
    })();
    return polling;
  }

  /**
   * A digest covers days up to the one before its slot's UTC day: a poll since that day ended, by
   * this replica or another, has it.
   */
  async function freshen(slot: Date): Promise<void> {
    const dayStart = startOfDay(utcDate(slot));
    const fresh = async () => (lastFresh && lastFresh.getTime() >= dayStart) || Date.parse((await store.meta?.get(INGESTED_AT_KEY)) ?? '') >= dayStart;
    if (await fresh()) return;
    // Every due target would otherwise sit through the source's own retries again in the same pass.
    if (lastFailure && clock.now().getTime() - lastFailure.at < RECENT_FAILURE_MS) throw lastFailure.error;
    // A replica polling now brings the day: wait for it to finish rather than poll again.
    const waited = await store.locks?.exclusively('ingest', { wait: true }, fresh);
    if (waited?.ran && waited.value) return;
    // A poll under way in this process may have left the work to another replica: then wait for it.
    if ('elsewhere' in (await poll({ wait: true })) && !(await fresh())) await poll({ wait: true });
  }

  /**
   * Runs delivery work in this process's turn for its bots, shared with the rest of its delivery
   * work meanwhile; `idle` when the process stopped while waiting for the turn.
   */
  async function inTurn<T>(work: () => Promise<T>, idle: T): Promise<T> {
    if (!store.turns) return work();
    const done = await store.turns.take(bots, stopped.signal, work);
    return done.ran ? done.value : idle;
  }

  async function sendAlerts(mode: 'instant' | 'daily'): Promise<AlertBatchReport> {
    const reports: AlertBatchReport[] = [];
    for (const messenger of messengers.values()) {
      if (halted()) break;
      try {
        reports.push(await alertBatches.deliver(messenger, mode));
      } catch (error) {
        logger.error({ err: error, platform: messenger.platform, mode }, 'alert delivery failed; the next run tries again');
      }
    }
    const total = sumAlertReports(reports);
    if (total.sent + total.unreachable + total.retrying > 0) logger.info({ ...total, mode }, 'alerts delivered');
    return total;
  }

  async function recoverAlerts(): Promise<AlertBatchReport> {
    const reports: AlertBatchReport[] = [];
    for (const messenger of messengers.values()) {
      if (halted()) break;
      reports.push(await alertBatches.recover(messenger));
    }
    return sumAlertReports(reports);
  }

  type Noted = { target: string; slot: string; outcome: DigestOutcome };

  /** Digests, alerts and the weekly "for you" messages, in this process's delivery turn. */
  function pass(options: { readonly instant?: boolean } = {}): Promise<PassReport> {
    return inTurn(async () => {
      const posted = await digestPass();
      const alerts = await alertPass(options.instant === true);
      return { ...posted, alerts, forYou: await forYouPass() };
    }, NO_PASS);
  }

  /** The weekly "for you" messages that are due, and unfinished ones. */
  async function forYouPass(): Promise<AlertBatchReport> {
    const reports: AlertBatchReport[] = [];
    for (const messenger of forYouDelivery ? messengers.values() : []) {
      if (halted()) break;
      try {
        reports.push(await inFlight.track(forYouDelivery!.deliver(messenger)));
      } catch (error) {
        logger.error({ err: error, platform: messenger.platform }, 'weekly "for you" delivery failed; the next pass tries again');
      }
    }
    const total = sumAlertReports(reports);
    if (total.sent + total.unreachable + total.retrying > 0) logger.info({ ...total }, 'weekly "for you" messages delivered');
    return total;
  }

  async function digestPass(): Promise<Omit<PassReport, 'alerts' | 'forYou'>> {
    // Targets run side by side; the report lists them in the order they were read, each one's slots in order.
    const resumed: Noted[][] = [];
    const posted: Noted[][] = [];
    // Each outcome was reported (counted and logged) by the delivery itself.
    const note = (into: Noted[], settings: DigestSettings, slot: string, outcome: DigestOutcome) => {
      const kind = kindOf(settings);
      into.push({ target: `${settings.target.platform}:${settings.target.channelId}${kind === 'daily' ? '' : `:${kind}`}`, slot, outcome });
    };
    const now = clock.now();
    const enabled = await store.digests.listEnabled();

    // Unfinished claims first: a crashed or failed send is resolved before anything new is posted.
    const unfinished = new Map<string, Claim[]>();
    for (const kind of DIGEST_KINDS) {
      for (const claim of await store.claims.unfinished(digestDeliveryKind(kind))) {
        const key = `${claim.platform}:${claim.recipient}:${kind}`;
        unfinished.set(key, [...(unfinished.get(key) ?? []), claim]);
      }
    }
    await runBounded(unfinished.values(), bounded, async (claims, index) => {
      const noted: Noted[] = (resumed[index] = []);
      for (const claim of claims) {
        const messenger = messengers.get(claim.platform);
        if (halted() || !messenger) return;
        const settings = await store.digests.settings({ platform: claim.platform, channelId: claim.recipient }, digestKindOf(claim.kind));
        if (!settings) return;
        const got = await resume(store.claims, policy('digest'), claim, clock.now());
        if (got.state !== 'held') continue;
        note(noted, settings, claim.slot, await inFlight.track(digestDelivery.carryOut(settings, new Date(claim.slot), messenger, got.claim, true)));
      }
    });

    let expired = 0;
    await runBounded(enabled, bounded, async (settings, index) => {
      const noted: Noted[] = (posted[index] = []);
      const messenger = messengers.get(settings.target.platform);
      if (!messenger) return;
      const since = new Date(Math.max(Date.parse(settings.updatedAt), now.getTime() - LOOKBACK_MS));
      const missed = missedSlots(settings, { since, now, graceMs });
      if (missed.due.length === 0 && missed.expired.length === 0) return;
      const { platform, channelId } = settings.target;
      const known = new Set((await store.claims.since(digestDeliveryKind(kindOf(settings)), platform, channelId, since)).map((c) => c.slot));
      for (const slot of missed.expired) {
        if (known.has(slot.toISOString())) continue;
        const reason = `missed while Paperboy was not running; older than the ${graceHours} h catch-up window`;
        if (await store.claims.record(digestSlotRef(settings, slot), 'skipped', reason, now)) expired += 1;
      }
      for (const slot of missed.due) {
        if (halted()) break;
        if (known.has(slot.toISOString())) continue;
        note(noted, settings, slot.toISOString(), await inFlight.track(digestDelivery.deliver(settings, slot, messenger)));
      }
    });
    if (expired > 0) logger.warn({ expired }, 'digest slots older than the catch-up window were recorded as skipped');
    return { digests: [...resumed, ...posted].flatMap((noted) => noted ?? []), expired };
  }

  /** Unfinished alert claims first, then the daily bundles that are due, and at start the instant alerts. */
  async function alertPass(instant: boolean): Promise<AlertBatchReport> {
    const reports = [await recoverAlerts(), await sendAlerts('daily')];
    // At start, alerts queued before a crash go out even when the first poll fails.
    if (instant) reports.push(await sendAlerts('instant'));
    return sumAlertReports(reports);
  }

  /** Runs a job body, logging instead of throwing: a failed run must not stop the next one. */
  async function run(name: string, body: () => Promise<unknown>): Promise<void> {
    if (stopping) return;
    try {
      await inFlight.track(body());
    } catch (error) {
      logger.error({ err: error, job: name }, `${name} failed; the next run tries again`);
    }
  }

  return {
    async start(startOptions = {}) {
      if (startOptions.poll !== false) await run('ingest', poll);
      await run('catch-up', () => pass({ instant: true }));
      if (stopping) return;
      const options = { timezone: 'UTC', noOverlap: true } as const;
      tasks.push(cron.schedule(config.INGEST_CRON, () => run('ingest', poll), { ...options, name: 'ingest' }));
      tasks.push(cron.schedule('* * * * *', () => run('schedule', pass), { ...options, name: 'schedule' }));
    },

    async stop() {
      stopping = true;
      stopped.abort();
      await Promise.all(tasks.splice(0).map((task) => task.destroy()));
      const finished = await inFlight.drain(deps.drainMs ?? DEFAULT_DRAIN_MS);
      if (!finished) logger.warn({ pending: inFlight.size }, 'stopped before every send finished; unfinished claims are resumed on the next start');
    },

    pass: (options) => inFlight.track(pass(options)),
    poll: () => inFlight.track(poll()),
  };
}
