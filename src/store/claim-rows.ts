/** Turning `deliveries` rows into claims, shared by the claim and alert repositories. */
import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Claim, DigestPlan } from '../core/ports.js';
import type { DeliveriesTable } from './schema.js';

/**
 * A fresh claim key: 'pb' and 20 hex digits, within Discord's 25-character nonce. Random rather
 * than derived from the slot, so a message left over from a wiped database cannot match.
 */
export function newClaimKey(): string {
  return `pb${randomBytes(10).toString('hex')}`;
}

export function toClaim(row: Selectable<DeliveriesTable>): Claim {
  return {
    id: row.id,
    kind: row.kind,
    platform: row.platform,
    recipient: row.recipient,
    slot: row.slot,
    status: row.status,
    owner: row.owner ?? undefined,
    leaseUntil: row.lease_until ?? undefined,
    key: row.claim_key ?? undefined,
    attempts: row.attempts,
    claimedAt: row.claimed_at,
    sentAt: row.sent_at ?? undefined,
    messageId: row.message_id ?? undefined,
    error: row.error ?? undefined,
    plan: parsePlan(row.plan),
  };
}

function parsePlan(json: string | null): DigestPlan | undefined {
  if (json === null) return undefined;
  const value = JSON.parse(json) as Partial<DigestPlan> | null;
  if (!value || !Array.isArray(value.paperIds) || typeof value.coveredUntil !== 'string') return undefined;
  return {
    dates: Array.isArray(value.dates) ? value.dates.filter((d): d is string => typeof d === 'string') : [value.coveredUntil],
    coveredUntil: value.coveredUntil,
    paperIds: value.paperIds.filter((id): id is string => typeof id === 'string'),
    considered: typeof value.considered === 'number' ? value.considered : value.paperIds.length,
  };
}
