/** The kinds of digest a channel can have, and how each is named in claims and in words. */
import type { DeliveryKind, DigestKind, DigestSettings } from '../ports.js';

export const DIGEST_KINDS: readonly DigestKind[] = ['daily', 'weekly', 'trending'];

const DELIVERY: Readonly<Record<DigestKind, DeliveryKind>> = { daily: 'digest', weekly: 'digest-weekly', trending: 'digest-trending' };

/** The claim kind of a digest: each kind claims its own slots, so two kinds due at one time both post. */
export function digestDeliveryKind(kind: DigestKind): DeliveryKind {
  return DELIVERY[kind];
}

/** The digest kind a claim belongs to; undefined for an alert. */
export function digestKindOf(kind: DeliveryKind): DigestKind | undefined {
  return DIGEST_KINDS.find((k) => DELIVERY[k] === kind);
}

export function kindOf(settings: Pick<DigestSettings, 'kind'>): DigestKind {
  return settings.kind ?? 'daily';
}

export function isDigestKind(value: string): value is DigestKind {
  return (DIGEST_KINDS as readonly string[]).includes(value);
}
