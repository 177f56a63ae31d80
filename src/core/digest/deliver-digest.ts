/**
 * Delivers one digest slot exactly once: claim the (target, slot) row, fix the papers it will post,
 * post with the claim's key, then complete the claim with the platform's message id. A claim left
 * unfinished (a crash, a failed try, a dead replica) is resumed by whoever comes next: it first asks
 * the platform whether the message with that key already exists, and posts only if it does not.
 */
import { acquire, reasonOf, type ClaimPolicy } from '../delivery/claim-policy.js';
import { DeliveryError } from '../errors.js';
import type { Reply } from '../message.js';
import type { Paper } from '../paper.js';
import type {
  Claim,
  ClaimRepository,
  Clock,
  DeliveryEvent,
  DigestKind,
  DigestPlan,
  DigestRepository,
  DigestSettings,
  Messenger,
  PaperRepository,
  SlotRef,
} from '../ports.js';
import { buildDigest } from './build-digest.js';
import { digestReply } from './digest-reply.js';
import { digestDeliveryKind, kindOf } from './kinds.js';

export interface DigestDeliveryDeps {
  readonly papers: PaperRepository;
  readonly digests: DigestRepository;
  readonly claims: ClaimRepository;
  readonly clock: Clock;
  readonly policy: ClaimPolicy;
  /** How long after its slot a digest is still worth posting (the catch-up window). */
  readonly graceMs: number;
  /**
   * Makes sure the day the slot covers is fetched (the scheduler re-polls Hugging Face); throws when
   * that fails, and the slot is retried with backoff until the window ends.
   */
  readonly freshen?: ((slot: Date) => Promise<void>) | undefined;
  /** Fetches (and stores) Hugging Face's trending list as it is now, for trending digests. */
  readonly trending?: (() => Promise<Paper[]>) | undefined;
  /** Told how each try ended (sent, skipped, retried, failed), with what was done about a failure. */
  readonly report?: ((event: DeliveryEvent) => void) | undefined;
}

export type DigestOutcome =
  | { readonly status: 'sent'; readonly messageId?: string | undefined; readonly papers: number; readonly resumed: boolean }
  | { readonly status: 'skipped'; readonly reason: string }
  /** `disabled`: the target refused for good, and its digest was turned off. */
  | { readonly status: 'failed'; readonly reason: string; readonly code?: string | number | undefined; readonly disabled?: boolean }
  | { readonly status: 'retry'; readonly reason: string; readonly retryAt: Date; readonly code?: string | number | undefined }
  /** Another process holds the slot, or its retry is not due yet. */
  | { readonly status: 'busy' }
  /** Finished before: sent, failed or skipped. */
  | { readonly status: 'done' };

export const NOTHING_NEW = 'no new papers since the last digest';

export function digestSlotRef(settings: Pick<DigestSettings, 'target' | 'kind'>, slot: Date | string): SlotRef {
  const { target } = settings;
  return { kind: digestDeliveryKind(kindOf(settings)), platform: target.platform, recipient: target.channelId, slot: typeof slot === 'string' ? slot : slot.toISOString() };
}

export function createDigestDelivery(deps: DigestDeliveryDeps) {
  const { claims, clock, policy, graceMs } = deps;
  const graceHours = Math.round((graceMs / 3_600_000) * 10) / 10;

  /** Claims (or resumes) the slot and sees it through; `messenger` posts on the target's platform. */
  async function deliver(settings: DigestSettings, slot: Date, messenger: Messenger): Promise<DigestOutcome> {
    const got = await acquire(claims, policy, digestSlotRef(settings, slot), clock.now());
    if (got.state === 'busy') return { status: 'busy' };
    if (got.state === 'done') return { status: 'done' };
    policy.checkpoint?.('claimed');
    return carryOut(settings, slot, messenger, got.claim, got.resumed);
  }

  /** Sees a held claim through, and reports how it ended. */
  async function carryOut(settings: DigestSettings, slot: Date, messenger: Messenger, claim: Claim, resumed: boolean): Promise<DigestOutcome> {
    const outcome = await attempt(settings, slot, messenger, claim, resumed);
    if (outcome.status !== 'busy' && outcome.status !== 'done') deps.report?.(digestEvent(settings, slot, outcome));
    return outcome;
  }

  async function attempt(settings: DigestSettings, slot: Date, messenger: Messenger, claim: Claim, resumed: boolean): Promise<DigestOutcome> {
    const { target } = settings;
    const deadline = slot.getTime() + graceMs;
    try {
      // Only a claim with a plan can have been posted: the plan is written before the first send.
      if (resumed && claim.plan && claim.key !== undefined && messenger.findPosted) {
        const found = await messenger.findPosted(target, claim.key);
        if (found !== undefined) {
          await claims.complete(claim.id, policy.owner, found, clock.now());
          return { status: 'sent', messageId: found, papers: claim.plan.paperIds.length, resumed };
        }
      }
      if (clock.now().getTime() > deadline) {
        const why = claim.error ? `: ${claim.error}` : '';
        return end(claim, 'failed', `not posted within the ${graceHours} h catch-up window${why}`);
      }
      if (!settings.enabled) return end(claim, 'skipped', 'the digest was turned off');
      let plan = claim.plan;
      if (!plan) {
        // A trending digest reads the list as it is at the slot; the others need the days before it fetched.
        if (kindOf(settings) !== 'trending') await deps.freshen?.(slot);
        const result = await buildDigest(deps, { target, settings, slot });
        if (result.papers.length === 0 || result.coveredUntil === undefined) return end(claim, 'skipped', NOTHING_NEW);
        plan = { dates: result.dates, coveredUntil: result.coveredUntil, paperIds: result.papers.map((p) => p.id), considered: result.considered };
        if (!(await claims.setPlan(claim.id, policy.owner, plan))) return { status: 'busy' };
        policy.checkpoint?.('planned');
      }
      const message = await replyFor(kindOf(settings), plan);
      if (!message) return end(claim, 'skipped', 'the planned papers are no longer stored');
      const options = claim.key === undefined ? { details: message.details } : { details: message.details, key: claim.key };
      const { messageId } = await messenger.post(target, message.reply, options);
      policy.checkpoint?.('sent');
      await claims.complete(claim.id, policy.owner, messageId, clock.now());
      return { status: 'sent', messageId, papers: plan.paperIds.length, resumed };
    } catch (error) {
      return failed(settings, claim, error, deadline);
    }
  }

  async function failed(settings: DigestSettings, claim: Claim, error: unknown, deadline: number): Promise<DigestOutcome> {
    const reason = reasonOf(error);
    const code = error instanceof DeliveryError ? error.platformCode : undefined;
    const now = clock.now();
    if (error instanceof DeliveryError && error.permanent) {
      // The channel is gone or closed to the bot: trying again every day would only earn 403s.
      const why = `${settings.target.platform} refused the channel: ${reason}`;
      await deps.digests.disable(settings.target, why, now);
      await claims.finish(claim.id, policy.owner, 'failed', why, now);
      return { status: 'failed', reason: why, code, disabled: true };
    }
    const retryAt = new Date(now.getTime() + policy.backoffMs(claim.attempts));
    if (retryAt.getTime() > deadline) return end(claim, 'failed', `gave up at the end of the ${graceHours} h catch-up window: ${reason}`, code);
    await claims.postpone(claim.id, policy.owner, retryAt, reason);
    return { status: 'retry', reason, retryAt, code };
  }

  async function end(claim: Claim, status: 'failed' | 'skipped', reason: string, code?: string | number): Promise<DigestOutcome> {
    await claims.finish(claim.id, policy.owner, status, reason, clock.now());
    return status === 'failed' ? { status, reason, code } : { status, reason };
  }

  /** The message for a plan: the same papers in the same order, whatever their upvotes are now. */
  async function replyFor(kind: DigestKind, plan: DigestPlan): Promise<{ reply: Reply; details: Reply } | undefined> {
    const byId = new Map((await deps.papers.getMany(plan.paperIds)).map((p) => [p.id, p]));
    const papers = plan.paperIds.flatMap((id) => {
      const paper = byId.get(id);
      return paper ? [paper] : [];
    });
    const reply = digestReply({ kind, dates: [...plan.dates], coveredUntil: plan.coveredUntil, papers, considered: plan.considered });
    if (!reply) return undefined;
    const items = papers.map((paper, i) => ({ paper, rank: i + 1 }));
    return { reply, details: { visibility: 'public', blocks: [{ type: 'papers', detail: 'full', items }] } };
  }

  return { deliver, carryOut };
}

export type DigestDelivery = ReturnType<typeof createDigestDelivery>;

/** A finished try as a DeliveryEvent; a failure says what was done about it. */
function digestEvent(settings: DigestSettings, slot: Date, outcome: Exclude<DigestOutcome, { status: 'busy' | 'done' }>): DeliveryEvent {
  const { platform, channelId } = settings.target;
  const base = { kind: digestDeliveryKind(kindOf(settings)), platform, recipient: channelId, slot: slot.toISOString() } as const;
  switch (outcome.status) {
    case 'sent':
      return { ...base, outcome: 'sent', papers: outcome.papers };
    case 'skipped':
      return { ...base, outcome: 'skipped', reason: outcome.reason };
    case 'retry':
      return { ...base, outcome: 'retry', reason: outcome.reason, code: outcome.code, action: `retrying at ${outcome.retryAt.toISOString()}` };
    case 'failed': {
      const action = outcome.disabled
        ? "turned every digest of the channel off (`/papers digest set` turns one back on)"
        : 'gave up on this slot; the next slot is tried as usual';
      return { ...base, outcome: 'failed', reason: outcome.reason, code: outcome.code, action };
    }
  }
}
