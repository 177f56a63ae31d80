/**
 * Alert DMs exactly once. The batch is claimed before sending: one transaction writes the claim and
 * ties the person's pending alerts to it, so no other run (or replica) can take the same alerts.
 * The DM goes out with the claim's key and the claim is completed with the message id after. A
 * claim left unfinished by a crash or a failed try is resumed: the platform is asked for the DM
 * with that key first, and the same alerts are sent again only when it is not there.
 */
import { leaseUntil, reasonOf, resume, type ClaimPolicy } from '../delivery/claim-policy.js';
import { findDirectMessage } from '../delivery/find-direct.js';
import { DeliveryError } from '../errors.js';
import { orderByTaste } from '../feedback/taste.js';
import type {
  AlertRepository,
  Claim,
  ClaimRepository,
  Clock,
  DeliveryEvent,
  FeedbackRepository,
  Messenger,
  PaperRepository,
  PendingAlert,
  PersonRef,
  PersonRepository,
} from '../ports.js';
import { runBounded } from '../run-bounded.js';
import { latestSlot } from '../schedule/slots.js';
import { WEEKDAYS } from '../weekdays.js';
import { alertReply } from './alert-reply.js';
import type { AlertBatchReport } from './alert-report.js';

export interface AlertBatchDeps {
  readonly alerts: AlertRepository;
  readonly papers: Pick<PaperRepository, 'getMany'>;
  readonly people: Pick<PersonRepository, 'prefs' | 'markUnreachable'>;
  readonly claims: ClaimRepository;
  readonly clock: Clock;
  readonly policy: ClaimPolicy;
  /** What each person's votes taught: their bundle comes best first. Without it, in the order queued. */
  readonly feedback?: Pick<FeedbackRepository, 'model'> | undefined;
  /** People served at once (default DELIVERY_CONCURRENCY); each person's claim and DM stay in order. */
  readonly concurrency?: number | undefined;
  /** True once the process is stopping: no further person is started. */
  readonly stopping?: (() => boolean) | undefined;
  /** Told how each DM's try ended (sent, unreachable, retried, skipped), with what was done about a failure. */
  readonly report?: ((event: DeliveryEvent) => void) | undefined;
}

type Outcome = 'sent' | 'unreachable' | 'retry' | 'none';

export function createAlertBatches(deps: AlertBatchDeps) {
  const { alerts, claims, clock, policy, people } = deps;

  /**
   * Sends the pending alerts of the messenger's people in `mode`: `instant` sends everything
   * pending now; `daily` sends, once per person per day, what was queued before their chosen time.
   */
  async function deliver(messenger: Messenger, mode: 'instant' | 'daily'): Promise<AlertBatchReport> {
    const tally = createTally();
    const mine = (await alerts.pendingPeople()).filter((person) => person.platform === messenger.platform);
    await runBounded(mine, deps, async (person) => {
      const prefs = await people.prefs(person);
      if (prefs.mode !== mode || prefs.unreachableSince !== undefined) return;
      const now = clock.now();
      let slot = now;
      if (mode === 'daily') {
        const due = latestSlot({ time: prefs.time, timezone: prefs.timezone, weekdays: WEEKDAYS }, now);
        if (!due) return;
        slot = due;
      }
      const taken = await alerts.claimPending(person, {
        slot: slot.toISOString(),
        owner: policy.owner,
        leaseUntil: leaseUntil(policy, now),
        at: now,
        ...(mode === 'daily' ? { queuedUntil: slot } : {}),
      });
      if (!taken) return;
      policy.checkpoint?.('claimed');
      tally.add(await send(messenger, person, taken.claim, taken.alerts, false), taken.alerts.length);
    });
    return tally.report();
  }

  /** Resumes this platform's unfinished alert claims whose holder is gone or whose retry is due. */
  async function recover(messenger: Messenger): Promise<AlertBatchReport> {
    const tally = createTally();
    // One person's claims one after another, oldest first; people side by side.
    const byPerson = new Map<string, Claim[]>();
    for (const claim of await claims.unfinished('alert')) {
      if (claim.platform !== messenger.platform) continue;
      byPerson.set(claim.recipient, [...(byPerson.get(claim.recipient) ?? []), claim]);
    }
    await runBounded(byPerson.values(), deps, async (personClaims) => {
      for (const claim of personClaims) {
        if (deps.stopping?.()) return;
        const got = await resume(claims, policy, claim, clock.now());
        if (got.state !== 'held') continue;
        const carried = await alerts.claimedAlerts(got.claim.id);
        tally.add(await send(messenger, { platform: claim.platform, userId: claim.recipient }, got.claim, carried, true), carried.length);
      }
    });
    return tally.report();
  }

  async function send(messenger: Messenger, person: PersonRef, claim: Claim, carried: readonly PendingAlert[], resumed: boolean): Promise<Outcome> {
    const report = (event: Pick<DeliveryEvent, 'outcome' | 'papers' | 'reason' | 'code' | 'action'>) =>
      deps.report?.({ kind: 'alert', platform: person.platform, recipient: person.userId, slot: claim.slot, ...event });
    try {
      if (resumed && claim.key !== undefined) {
        const found = await findDirectMessage(messenger, people, person, claim.key);
        if (found !== undefined) {
          await claims.complete(claim.id, policy.owner, found, clock.now());
          report({ outcome: 'sent', papers: carried.length });
          return 'sent';
        }
        const prefs = await people.prefs(person);
        if (prefs.mode === 'off' || prefs.unreachableSince !== undefined) {
          const reason = prefs.mode === 'off' ? 'alerts were turned off' : 'the person cannot be messaged';
          await giveBack(claim, reason);
          report({ outcome: 'skipped', reason });
          return 'none';
        }
      }
      const byId = new Map((await deps.papers.getMany(carried.map((a) => a.paperId))).map((p) => [p.id, p]));
      const found = carried.flatMap((a) => {
        const paper = byId.get(a.paperId);
        return paper ? [{ paper, topics: a.topics, milestone: a.milestone }] : [];
      });
      const items = deps.feedback ? await orderByTaste(deps.feedback, person, found, (item) => item.paper) : found;
      if (items.length === 0) {
        await claims.finish(claim.id, policy.owner, 'skipped', 'the papers are no longer stored', clock.now());
        report({ outcome: 'skipped', reason: 'the papers are no longer stored' });
        return 'none';
      }
      const { messageId } = await messenger.sendDirect(person, alertReply(items), claim.key === undefined ? {} : { key: claim.key });
      policy.checkpoint?.('sent');
      await claims.complete(claim.id, policy.owner, messageId, clock.now());
      report({ outcome: 'sent', papers: items.length });
      return 'sent';
    } catch (error) {
      const reason = reasonOf(error);
      const code = error instanceof DeliveryError ? error.platformCode : undefined;
      if (error instanceof DeliveryError && error.kind === 'person-unreachable') {
        await people.markUnreachable(person, error.message, clock.now());
        await giveBack(claim, `the person cannot be messaged: ${reason}`);
        const action = 'marked the person unreachable; their alerts wait until they use a command again';
        report({ outcome: 'unreachable', reason, code, action });
        return 'unreachable';
      }
      // Alerts are never dropped: the claim waits and is resumed (found or re-sent) when the retry is due.
      const retryAt = new Date(clock.now().getTime() + policy.backoffMs(claim.attempts));
      await claims.postpone(claim.id, policy.owner, retryAt, reason);
      report({ outcome: 'retry', reason, code, action: `retrying at ${retryAt.toISOString()}` });
      return 'retry';
    }
  }

  /** The alerts become pending again, for a later claim once the person can be reached. */
  async function giveBack(claim: Claim, reason: string): Promise<void> {
    await alerts.releaseClaimed(claim.id);
    await claims.finish(claim.id, policy.owner, 'failed', reason, clock.now());
  }

  return { deliver, recover };
}

export type AlertBatches = ReturnType<typeof createAlertBatches>;

function createTally() {
  let sent = 0;
  let papers = 0;
  let unreachable = 0;
  let retrying = 0;
  return {
    add(outcome: Outcome, count: number) {
      if (outcome === 'sent') {
        sent += 1;
        papers += count;
      } else if (outcome === 'unreachable') unreachable += 1;
      else if (outcome === 'retry') retrying += 1;
    },
    report: (): AlertBatchReport => ({ sent, papers, unreachable, retrying }),
  };
}
