/**
 * Fetches Daily Papers into the database. Everything is fetched before anything is written, and
 * written in one upsert, so a failure anywhere leaves the database as it was. Lists are fetched a
 * few at a time (pages within a list stay in order) and merged oldest first whatever order they
 * arrive in. Newly seen papers are then matched against every topic and the alerts queued.
 *
 * Storing the papers and queueing their alerts are two writes: a process that dies between them
 * would leave papers that the next poll finds already stored, so never news. Before storing, the
 * ingest notes in `meta` that it owes their alerts (when its papers were first seen, and from which
 * day); once they are queued it clears the note. An ingest that finds a note left behind also
 * matches the papers first seen since then. Queueing twice is harmless: a (person, paper) pair is
 * queued at most once.
 */
import { createAlertMatching } from '../alerts/match-new-papers.js';
import { createMilestonePass, type MilestonePassDeps } from '../alerts/milestone-pass.js';
import { addDays, daysBetween, utcDate } from '../calendar-date.js';
import { parseDailyDate } from '../digest/dates.js';
import { UserError } from '../errors.js';
import type { Paper } from '../paper.js';
import type { AlertRepository, Clock, MetaRepository, PaperRepository, PaperSource, SubscriptionRepository } from '../ports.js';
import { runBounded } from '../run-bounded.js';

/** One day, an inclusive range of days, or the last `days` days up to today (UTC). */
export type IngestPlan = { readonly date: string } | { readonly from: string; readonly to: string } | { readonly days: number };

export interface IngestReport {
  /** The days covered (inclusive); absent when there was nothing to fetch. */
  readonly from?: string;
  readonly to?: string;
  /** Calendar days in the range. */
  readonly days: number;
  /** Lists fetched: one per day or month list (each may take several requests when paged). */
  readonly fetches: number;
  /** Distinct papers fetched within the range. */
  readonly fetched: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly alertsQueued: number;
}

export type IngestProgress = (done: number, total: number, label: string) => void;

export interface Ingest {
  run(plan: IngestPlan, onProgress?: IngestProgress): Promise<IngestReport>;
  /**
   * The scheduled poll. On an empty database: the last `backfillDays` days, by month lists. Otherwise:
   * from two days before the latest stored daily date to today, so growing lists and moving upvotes
   * are picked up.
   */
  refresh(backfillDays: number, onProgress?: IngestProgress): Promise<IngestReport>;
  /**
   * Hugging Face's trending list as it is now, in its order, stored first (a trending digest's
   * plan names stored papers). Old papers it brings back are archive, not news: no alerts.
   */
  trending(): Promise<Paper[]>;
}

export interface IngestDeps {
  readonly source: PaperSource;
  readonly papers: PaperRepository;
  readonly alerts?: AlertRepository;
  readonly subscriptions?: SubscriptionRepository;
  /** With these, each fetch also queues the milestone alerts of watched papers and of topics that wait for upvotes. */
  readonly milestones?: Pick<MilestonePassDeps, 'milestones' | 'watches'>;
  /** Where alerts owed for stored papers are noted until queued (without it, a crash in between loses them). */
  readonly meta?: MetaRepository;
  readonly clock: Clock;
  /** Lists fetched at once. Default `FETCH_CONCURRENCY`. */
  readonly concurrency?: number;
}

/** Longest range one ingest accepts (about ten years). */
export const MAX_INGEST_DAYS = 3650;
/**
 * From this many days of one month on, its month list is used instead of day lists: a month list
 * costs one request per 100 papers (5 to 10 for a busy month), a day list at least one request per
 * day, weekends included.
 */
export const MONTH_LIST_FROM_DAYS = 8;
/**
 * Lists in flight at once. A list's pages come one after another (the last page is the first short
 * one), but lists are independent: while one waits for Hugging Face to answer, another's page is
 * parsed. Four hides most of each round trip and stays polite to the API.
 */
export const FETCH_CONCURRENCY = 4;
/** Days before the latest stored daily date that `refresh` polls again. */
export const REFRESH_OVERLAP_DAYS = 2;
/** Meta key: alerts an ingest owes for the papers it stores, until it has queued them (JSON `OwedAlerts`). */
export const OWED_ALERTS_KEY = 'alerts.owed';

/** Papers first seen from `firstSeenFrom` (ISO time) and listed on or after `since` still need matching. */
interface OwedAlerts {
  readonly firstSeenFrom: string;
  readonly since: string;
}

type Unit =
  | { readonly kind: 'date'; readonly date: string }
  | { readonly kind: 'month'; readonly month: string; readonly from: string; readonly to: string };

export function createIngest(deps: IngestDeps): Ingest {
  const today = () => utcDate(deps.clock.now());
  // Kept between ingests: only topics added since the last one are parsed and filed.
  const alertMatching = createAlertMatching();
  const milestonePass =
    deps.milestones && deps.alerts && deps.subscriptions ? createMilestonePass({ ...deps.milestones, subscriptions: deps.subscriptions }) : undefined;

  async function ingest(from: string, to: string, preferMonths: boolean, onProgress?: IngestProgress): Promise<IngestReport> {
    const units = planUnits(from, to, preferMonths);
    const lists = await fetchAll(units, deps.concurrency ?? FETCH_CONCURRENCY, (unit) =>
      unit.kind === 'date' ? deps.source.daily(unit.date) : deps.source.month(unit.month),
      (done, unit) => onProgress?.(done, units.length, unit.kind === 'date' ? unit.date : unit.month),
    );
    const byId = new Map<string, Paper>();
    for (const [index, unit] of units.entries()) {
      for (const paper of lists[index] ?? []) {
        if (unit.kind === 'month' && !within(paper.dailyDate, unit.from, unit.to)) continue;
        // Units are merged oldest first: a paper listed again later keeps its later date and counts.
        byId.delete(paper.id);
        byId.set(paper.id, paper);
      }
    }
    const papers = [...byId.values()];
    const now = deps.clock.now();
    const frontier = (await deps.papers.dailyDates({})).at(-1);
    // A first fetch only sets the baseline (see `news`): it owes nothing.
    const since = frontier === undefined ? undefined : addDays(frontier, -REFRESH_OVERLAP_DAYS);
    const owed = since === undefined ? { noted: false } : await oweAlerts({ firstSeenFrom: now.toISOString(), since }, papers.length > 0);
    const result = papers.length > 0 ? await deps.papers.upsert(papers, 'daily', now) : { inserted: [], updated: [], unchanged: 0 };
    const fresh = since === undefined ? [] : news(result.inserted, papers, since);
    const owedPapers = owed.earlier ? await firstSeenSince(owed.earlier, fresh) : [];
    // Papers never scanned before that are news alert as they cross a milestone; the archive does not.
    const newsIds = new Set([...fresh, ...owedPapers].map((p) => p.id));
    const alertsQueued =
      (await queueAlerts([...fresh, ...owedPapers], now)) + ((await milestonePass?.run(papers, (paper) => newsIds.has(paper.id), now)) ?? 0);
    if (owed.noted) await deps.meta?.set(OWED_ALERTS_KEY, '', now);
    return {
      from,
      to,
      days: daysBetween(from, to) + 1,
      fetches: units.length,
      fetched: papers.length,
      inserted: result.inserted.length,
      updated: result.updated.length,
      unchanged: result.unchanged,
      alertsQueued,
    };
  }

  /**
   * Alerts are news: of the papers seen for the first time, those listed on or after `since`, the
   * days the database already reached (less the re-poll overlap). A first fetch only sets that
   * baseline, and a backfill of older days (`ingest --from 2024-01-01`) fills the archive without
   * flooding anyone's DMs with old papers.
   */
  function news(inserted: readonly string[], papers: readonly Paper[], since: string): Paper[] {
    const fresh = new Set(inserted);
    return papers.filter((p) => fresh.has(p.id) && p.dailyDate !== undefined && p.dailyDate >= since);
  }

  /**
   * Notes (when `storing`) that this ingest owes alerts, keeping a note an earlier ingest left
   * behind, which is returned as `earlier`. `noted`: there is a note to clear once queued.
   */
  async function oweAlerts(note: OwedAlerts, storing: boolean): Promise<{ readonly noted: boolean; readonly earlier?: OwedAlerts }> {
    if (!deps.meta || !deps.alerts || !deps.subscriptions) return { noted: false };
    const earlier = parseOwed(await deps.meta.get(OWED_ALERTS_KEY));
    if (storing && !earlier) await deps.meta.set(OWED_ALERTS_KEY, JSON.stringify(note), new Date(note.firstSeenFrom));
    return { noted: storing || earlier !== undefined, earlier };
  }

  /** The stored papers an ingest that died before queueing their alerts left unmatched (less `known`). */
  async function firstSeenSince(owed: OwedAlerts, known: readonly Paper[]): Promise<Paper[]> {
    const skip = new Set(known.map((p) => p.id));
    const stored = await deps.papers.byDailyDates(await deps.papers.dailyDates({ from: owed.since }));
    return stored.filter((p) => p.firstSeenAt >= owed.firstSeenFrom && !skip.has(p.id));
  }

  async function queueAlerts(papers: readonly Paper[], now: Date): Promise<number> {
    if (!deps.alerts || !deps.subscriptions || papers.length === 0) return 0;
    // A topic that waits for upvotes alerts when a paper reaches them (the milestone scan), not when it appears.
    const subscriptions = (await deps.subscriptions.all()).filter((s) => s.minUpvotes === undefined);
    if (subscriptions.length === 0) return 0;
    alertMatching.update(subscriptions);
    const pending = alertMatching.match(papers);
    return pending.length > 0 ? deps.alerts.enqueue(pending, now) : 0;
  }

  return {
    async run(plan, onProgress) {
      const { from, to } = resolvePlan(plan, today());
      return ingest(from, to, false, onProgress);
    },

    async refresh(backfillDays, onProgress) {
      const end = today();
      const latest = (await deps.papers.count()) > 0 ? (await deps.papers.dailyDates({ to: end })).at(-1) : undefined;
      if (latest !== undefined) return ingest(minDate(addDays(latest, -REFRESH_OVERLAP_DAYS), end), end, false, onProgress);
      const days = Math.min(Math.floor(backfillDays), MAX_INGEST_DAYS);
      if (!(days > 0)) return { days: 0, fetches: 0, fetched: 0, inserted: 0, updated: 0, unchanged: 0, alertsQueued: 0 };
      return ingest(addDays(end, -(days - 1)), end, true, onProgress);
    },

    async trending() {
      const papers = await deps.source.trending();
      if (papers.length > 0) await deps.papers.upsert(papers, 'daily', deps.clock.now());
      return papers;
    },
  };
}

/**
 * Runs `fetch` over `units`, at most `concurrency` at a time, and returns the results in unit order.
 * The first unit runs alone: while Hugging Face is down, a poll spends one request finding out, as
 * it did one list at a time. Progress is reported in unit order (unit 5 once units 1 to 5 are in),
 * so a bar never runs backwards. After a failure no further unit starts; the ones in flight are
 * waited for, so no request outlives the ingest, and the first error is thrown.
 */
async function fetchAll<U, R>(
  units: readonly U[],
  concurrency: number,
  fetch: (unit: U) => Promise<R>,
  onDone: (done: number, unit: U) => void,
): Promise<R[]> {
  const results: R[] = [];
  const finished: boolean[] = [];
  let reported = 0;
  let failed = false;
  async function one(unit: U, index: number): Promise<void> {
    try {
      results[index] = await fetch(unit);
    } catch (error) {
      failed = true;
      throw error;
    }
    finished[index] = true;
    while (!failed && finished[reported]) {
      reported += 1;
      onDone(reported, units[reported - 1]!);
    }
  }
  const [first, ...rest] = units;
  if (first === undefined) return results;
  await one(first, 0);
  await runBounded(rest, { concurrency: Math.max(1, Math.floor(concurrency) || 1) }, (unit, index) => one(unit, index + 1));
  return results;
}

/** A note of owed alerts, or undefined when there is none (cleared, or not one this version wrote). */
function parseOwed(value: string | undefined): OwedAlerts | undefined {
  if (!value) return undefined;
  try {
    const owed = JSON.parse(value) as Partial<OwedAlerts>;
    return typeof owed.firstSeenFrom === 'string' && typeof owed.since === 'string' ? { firstSeenFrom: owed.firstSeenFrom, since: owed.since } : undefined;
  } catch {
    return undefined;
  }
}

/** Checks a plan against today (UTC) and turns it into an inclusive range. */
export function resolvePlan(plan: IngestPlan, today: string): { from: string; to: string } {
  if ('days' in plan) {
    const { days } = plan;
    if (!Number.isInteger(days) || days < 1 || days > MAX_INGEST_DAYS) {
      throw new UserError(`The number of days must be a whole number from 1 to ${MAX_INGEST_DAYS}, for example 7.`);
    }
    return { from: addDays(today, -(days - 1)), to: today };
  }
  const from = notFuture(parseDailyDate('date' in plan ? plan.date : plan.from), today);
  const to = 'date' in plan ? from : notFuture(parseDailyDate(plan.to), today);
  if (from > to) {
    throw new UserError(
      `The range starts after it ends (${from} is after ${to}); give the earlier date first, for example from ${to} to ${from}.`,
    );
  }
  if (daysBetween(from, to) + 1 > MAX_INGEST_DAYS) {
    throw new UserError(`The range from ${from} to ${to} is longer than ${MAX_INGEST_DAYS} days; split it into shorter ranges.`);
  }
  return { from, to };
}

/** Day lists for short stretches of a month, the month list for long ones (or always, when preferred). */
function planUnits(from: string, to: string, preferMonths: boolean): Unit[] {
  const units: Unit[] = [];
  let start = from;
  while (start <= to) {
    const month = start.slice(0, 7);
    const monthEnd = addDays(`${nextMonth(month)}-01`, -1);
    const end = minDate(monthEnd, to);
    if (preferMonths || daysBetween(start, end) + 1 >= MONTH_LIST_FROM_DAYS) {
      units.push({ kind: 'month', month, from: start, to: end });
    } else {
      for (let day = start; day <= end; day = addDays(day, 1)) units.push({ kind: 'date', date: day });
    }
    start = addDays(end, 1);
  }
  return units;
}

function notFuture(date: string, today: string): string {
  if (date > today) {
    throw new UserError(`${date} is in the future (today is ${today} UTC); pick a day up to today, for example ${today}.`);
  }
  return date;
}

function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

function within(date: string | undefined, from: string, to: string): boolean {
  return date !== undefined && date >= from && date <= to;
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}
