/**
 * Taking a delivery claim, or resuming one another process left unfinished. Shared by digests and
 * alert DMs; see docs/decisions/0007-exactly-once.md for why the database holds the claims.
 */
import type { Claim, ClaimRepository, SlotRef } from '../ports.js';

/** Points the delivery passes; the fault-injection suite stops the process at one of them. */
export type Checkpoint = 'claimed' | 'planned' | 'sent';

/** How this process claims. */
export interface ClaimPolicy {
  /** This process, as written in the claims it holds (`host:pid:boot`). */
  readonly owner: string;
  /** How long a claim is held before another process may take it over. */
  readonly leaseMs: number;
  /** Delay before try `attempt + 1` after `attempt` tries failed for a reason that may pass. */
  readonly backoffMs: (attempt: number) => number;
  /** True when the holder is known to be gone (its process died on this host): no need to wait out the lease. */
  readonly ownerGone?: ((owner: string) => boolean) | undefined;
  readonly checkpoint?: ((point: Checkpoint) => void) | undefined;
}

export type Acquired =
  /** Ours. `resumed`: someone (perhaps this process, before a crash or a failed try) held it: it may already be sent. */
  | { readonly state: 'held'; readonly claim: Claim; readonly resumed: boolean }
  /** Another live process holds it, or a retry is not due yet. */
  | { readonly state: 'busy'; readonly claim?: Claim }
  /** Finished earlier: sent, failed or skipped. */
  | { readonly state: 'done'; readonly claim: Claim };

export function leaseUntil(policy: ClaimPolicy, now: Date): Date {
  return new Date(now.getTime() + policy.leaseMs);
}

/** Claims a free slot, or resumes its unfinished claim when that is stale. */
export async function acquire(claims: ClaimRepository, policy: ClaimPolicy, slot: SlotRef, now: Date): Promise<Acquired> {
  const fresh = await claims.claim(slot, policy.owner, leaseUntil(policy, now), now);
  if (fresh) return { state: 'held', claim: fresh, resumed: false };
  const existing = await claims.get(slot);
  return existing ? resume(claims, policy, existing, now) : { state: 'busy' };
}

/** Takes over an unfinished claim whose lease ran out or whose holder died; anything else is left alone. */
export async function resume(claims: ClaimRepository, policy: ClaimPolicy, existing: Claim, now: Date): Promise<Acquired> {
  if (existing.status !== 'claimed') return { state: 'done', claim: existing };
  if (!isStale(policy, existing, now)) return { state: 'busy', claim: existing };
  const taken = await claims.takeOver(existing.id, existing.owner, policy.owner, leaseUntil(policy, now));
  return taken ? { state: 'held', claim: taken, resumed: true } : { state: 'busy' };
}

export function isStale(policy: ClaimPolicy, claim: Claim, now: Date): boolean {
  if (claim.owner === undefined || claim.leaseUntil === undefined) return true;
  if (Date.parse(claim.leaseUntil) <= now.getTime()) return true;
  return claim.owner !== policy.owner && policy.ownerGone?.(claim.owner) === true;
}

/** One line for a log or `status`, from whatever was thrown. */
export function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 300 ? `${text.slice(0, 297)}…` : text;
}
