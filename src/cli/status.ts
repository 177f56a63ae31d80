/**
 * `paperboy status`: what the schedule did and will do, read from the database (so it tells the
 * truth whichever process did the work). Per target: its schedule, the last digest, the next run,
 * sends in progress and recent failures; per person: alerts pending and delivered.
 */
import { NOTHING_NEW } from '../core/digest/deliver-digest.js';
import { digestDeliveryKind, kindOf } from '../core/digest/kinds.js';
import type {
  AlertRepository,
  Claim,
  ClaimRepository,
  DigestRepository,
  DigestSettings,
  FeedbackRepository,
  InstallationRecord,
  InstallationRepository,
  PersonRepository,
} from '../core/ports.js';
import { nextSlot } from '../core/schedule/slots.js';
import { describeDigest } from '../core/use-cases/digest.js';

const RECENT_ROWS = 30;
const SHOWN_FAILURES = 5;

export interface TargetStatus {
  readonly platform: string;
  readonly channelId: string;
  readonly workspaceId?: string | undefined;
  /** `daily`, `weekly` or `trending`. */
  readonly kind: string;
  readonly enabled: boolean;
  readonly disabledReason?: string | undefined;
  readonly schedule: string;
  readonly time: string;
  readonly timezone: string;
  readonly weekdays: readonly string[];
  readonly lastDigest?: { readonly slot: string; readonly sentAt: string; readonly papers: number; readonly messageId?: string | undefined } | undefined;
  readonly nextRun?: string | undefined;
  /** Unfinished claims: being sent, or waiting for a retry. */
  readonly inProgress: readonly { readonly slot: string; readonly attempts: number; readonly retryAt?: string | undefined; readonly lastError?: string | undefined }[];
  /** Newest first: slots that failed, or were skipped for a reason other than having nothing new. */
  readonly recentFailures: readonly { readonly slot: string; readonly status: 'failed' | 'skipped'; readonly reason: string; readonly at?: string | undefined }[];
}

export interface PersonStatus {
  readonly platform: string;
  readonly userId: string;
  readonly mode: string;
  readonly pending: number;
  readonly delivered: number;
  readonly unreachableSince?: string | undefined;
  readonly unreachableReason?: string | undefined;
}

export interface StatusReport {
  readonly now: string;
  readonly targets: readonly TargetStatus[];
  readonly people: readonly PersonStatus[];
  /** People whose 👍/👎 taught Paperboy a model (someone who ran forget-me is not among them). */
  readonly voters: number;
  /** Workspaces installed through OAuth (Slack), paused ones with the reason. */
  readonly workspaces: readonly InstallationRecord[];
}

export interface StatusDeps {
  readonly digests: DigestRepository;
  readonly claims: ClaimRepository;
  readonly alerts: AlertRepository;
  readonly people: PersonRepository;
  readonly feedback: Pick<FeedbackRepository, 'voters'>;
  readonly installations: InstallationRepository;
}

export async function collectStatus(deps: StatusDeps, now: Date): Promise<StatusReport> {
  const targets: TargetStatus[] = [];
  for (const settings of await deps.digests.listAll()) targets.push(await targetStatus(deps, settings, now));
  const people: PersonStatus[] = [];
  for (const row of await deps.alerts.allCounts()) {
    const prefs = await deps.people.prefs(row.person);
    people.push({
      platform: row.person.platform,
      userId: row.person.userId,
      mode: prefs.mode,
      pending: row.pending,
      delivered: row.delivered,
      unreachableSince: prefs.unreachableSince,
      unreachableReason: prefs.unreachableReason,
    });
  }
  return { now: now.toISOString(), targets, people, voters: await deps.feedback.voters(), workspaces: await deps.installations.list() };
}

async function targetStatus(deps: StatusDeps, settings: DigestSettings, now: Date): Promise<TargetStatus> {
  const { target } = settings;
  const kind = kindOf(settings);
  const rows = await deps.claims.recent(digestDeliveryKind(kind), target.platform, target.channelId, RECENT_ROWS);
  const last = await deps.digests.last(target, kind);
  const next = settings.enabled ? nextSlot(settings, now) : undefined;
  return {
    platform: target.platform,
    channelId: target.channelId,
    workspaceId: target.workspaceId,
    kind,
    enabled: settings.enabled,
    disabledReason: settings.disabledReason,
    schedule: describeDigest(settings),
    time: settings.time,
    timezone: settings.timezone,
    weekdays: settings.weekdays,
    lastDigest: last && { slot: last.slot, sentAt: last.sentAt, papers: last.paperIds.length, messageId: last.messageId },
    nextRun: next?.toISOString(),
    inProgress: rows
      .filter((c) => c.status === 'claimed')
      .map((c) => ({ slot: c.slot, attempts: c.attempts, retryAt: c.error ? c.leaseUntil : undefined, lastError: c.error })),
    recentFailures: rows.filter(isFailure).slice(0, SHOWN_FAILURES).map((c) => ({
      slot: c.slot,
      status: c.status as 'failed' | 'skipped',
      reason: c.error ?? '',
      at: c.sentAt,
    })),
  };
}

function isFailure(claim: Claim): boolean {
  return claim.status === 'failed' || (claim.status === 'skipped' && claim.error !== NOTHING_NEW);
}

/** The report as lines for a person. */
export function renderStatus(report: StatusReport): string {
  const lines: string[] = [];
  lines.push(report.targets.length === 0 ? 'Digests: none set up yet (/papers digest set in a channel).' : 'Digests:');
  for (const t of report.targets) {
    const where = `${t.platform} channel ${t.channelId}${t.workspaceId ? ` (workspace ${t.workspaceId})` : ''}${t.kind === 'daily' ? '' : `, ${t.kind}`}`;
    lines.push(`  ${where}: ${t.enabled ? t.schedule : `off${t.disabledReason ? ` (${t.disabledReason})` : ''}; was ${t.schedule}`}`);
    const last = t.lastDigest;
    lines.push(
      last
        ? `    last digest: ${when(last.sentAt)}, ${last.papers} paper${last.papers === 1 ? '' : 's'}${last.messageId ? `, message ${last.messageId}` : ''}`
        : '    last digest: none yet',
    );
    if (t.nextRun) lines.push(`    next run: ${when(t.nextRun)}`);
    for (const p of t.inProgress) {
      const retry = p.retryAt ? `, next try ${when(p.retryAt)}` : '';
      lines.push(`    in progress: the ${when(p.slot)} digest, try ${p.attempts}${retry}${p.lastError ? ` (last error: ${p.lastError})` : ''}`);
    }
    for (const f of t.recentFailures) lines.push(`    ${f.status}: the ${when(f.slot)} digest: ${f.reason}`);
  }
  lines.push(report.people.length === 0 ? 'Alerts: none queued or sent yet.' : 'Alerts:');
  for (const p of report.people) {
    const unreachable = p.unreachableSince ? `; cannot be messaged since ${when(p.unreachableSince)}${p.unreachableReason ? ` (${p.unreachableReason})` : ''}` : '';
    lines.push(`  ${p.platform} user ${p.userId} (${p.mode}): ${p.pending} pending, ${p.delivered} delivered${unreachable}`);
  }
  lines.push(`Learning: ${report.voters === 0 ? 'nobody has voted 👍/👎 yet' : `${report.voters} ${report.voters === 1 ? 'person has' : 'people have'} voted 👍/👎`}.`);
  if (report.workspaces.length > 0) lines.push('Workspaces:');
  for (const w of report.workspaces) {
    const what = `${w.platform} ${w.orgWide ? 'org' : 'workspace'} ${w.workspaceId}`;
    lines.push(`  ${what}: ${w.removedAt ? `paused since ${when(w.removedAt)} (${w.removedReason ?? 'removed'})` : `installed ${when(w.installedAt)}`}`);
  }
  return lines.join('\n');
}

/** `2026-06-03 07:00 UTC`. */
function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
