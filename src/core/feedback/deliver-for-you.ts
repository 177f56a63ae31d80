/**
 * The weekly "for you" message, exactly once per person per week, with the guarantees of alert DMs
 * (docs/decisions/0007-exactly-once.md): the week's slot (Monday at the person's alert time, in
 * their timezone) is claimed in the database before the message is sent and completed with its id
 * after. A claim left unfinished by a crash is resumed: the platform is asked for the message with
 * the claim's key first, and it is sent again only when it is not there. The message lists the 7
 * days up to the slot, so a retry sends the same week.
 */
import { acquire, reasonOf, resume, type ClaimPolicy } from '../delivery/claim-policy.js';
import { findDirectMessage } from '../delivery/find-direct.js';
import { DeliveryError } from '../errors.js';
import type { Claim, ClaimRepository, Clock, DeliveryEvent, Messenger, PersonRef, PersonRepository, SlotRef } from '../ports.js';
import { latestSlot } from '../schedule/slots.js';
import type { AlertBatchReport } from '../alerts/alert-report.js';
import { forYouList, forYouReply, type ForYouDeps } from './for-you.js';

export interface ForYouDeliveryDeps extends ForYouDeps {
  readonly people: Pick<PersonRepository, 'prefs' | 'forYouPeople' | 'markUnreachable'>;
  readonly claims: ClaimRepository;
  readonly clock: Clock;
  readonly policy: ClaimPolicy;
  /** Told each message's outcome (logged and counted by the scheduler). */
  readonly report?: ((event: DeliveryEvent) => void) | undefined;
}

type Outcome = { readonly sent: boolean; readonly papers: number; readonly unreachable?: true; readonly retrying?: true };

export function createForYouDelivery(deps: ForYouDeliveryDeps) {
  const { claims, clock, policy, people } = deps;

  /** Resumes this platform's unfinished weekly messages, then sends each due one not sent yet. */
  async function deliver(messenger: Messenger): Promise<AlertBatchReport> {
    const outcomes: Outcome[] = [];
    for (const claim of await claims.unfinished('foryou')) {
      if (claim.platform !== messenger.platform) continue;
      const got = await resume(claims, policy, claim, clock.now());
      if (got.state === 'held') outcomes.push(await send(messenger, { platform: claim.platform, userId: claim.recipient }, got.claim, true));
    }
    for (const person of await people.forYouPeople()) {
      if (person.platform !== messenger.platform) continue;
      const prefs = await people.prefs(person);
      if (prefs.forYou !== 'weekly' || prefs.unreachableSince !== undefined) continue;
      const now = clock.now();
      const slot = latestSlot({ time: prefs.time, timezone: prefs.timezone, weekdays: ['mon'] }, now);
      if (!slot) continue;
      const ref: SlotRef = { kind: 'foryou', platform: person.platform, recipient: person.userId, slot: slot.toISOString() };
      const got = await acquire(claims, policy, ref, now);
      if (got.state === 'held') outcomes.push(await send(messenger, person, got.claim, got.resumed));
    }
    return {
      sent: outcomes.filter((o) => o.sent).length,
      papers: outcomes.reduce((sum, o) => sum + o.papers, 0),
      unreachable: outcomes.filter((o) => o.unreachable).length,
      retrying: outcomes.filter((o) => o.retrying).length,
    };
  }

  async function send(messenger: Messenger, person: PersonRef, claim: Claim, resumed: boolean): Promise<Outcome> {
    const report = (event: Pick<DeliveryEvent, 'outcome' | 'papers' | 'reason' | 'code' | 'action'>) =>
      deps.report?.({ kind: 'foryou', platform: person.platform, recipient: person.userId, slot: claim.slot, ...event });
    try {
      if (resumed && claim.key !== undefined) {
        const found = await findDirectMessage(messenger, people, person, claim.key);
        if (found !== undefined) {
          await claims.complete(claim.id, policy.owner, found, clock.now());
          report({ outcome: 'sent', papers: 0 });
          return { sent: true, papers: 0 };
        }
      }
      const list = await forYouList(deps, person, new Date(claim.slot));
      if (list.items.length === 0) {
        await claims.finish(claim.id, policy.owner, 'skipped', 'no papers in the week', clock.now());
        report({ outcome: 'skipped', reason: 'no papers in the week' });
        return { sent: false, papers: 0 };
      }
      const { messageId } = await messenger.sendDirect(person, forYouReply(list, 'public'), claim.key === undefined ? {} : { key: claim.key });
      policy.checkpoint?.('sent');
      await claims.complete(claim.id, policy.owner, messageId, clock.now());
      report({ outcome: 'sent', papers: list.items.length });
      return { sent: true, papers: list.items.length };
    } catch (error) {
      const reason = reasonOf(error);
      const code = error instanceof DeliveryError ? error.platformCode : undefined;
      if (error instanceof DeliveryError && error.kind === 'person-unreachable') {
        await people.markUnreachable(person, error.message, clock.now());
        await claims.finish(claim.id, policy.owner, 'failed', `the person cannot be messaged: ${reason}`, clock.now());
        report({ outcome: 'unreachable', reason, code, action: 'marked the person unreachable; their messages wait until they use a command again' });
        return { sent: false, papers: 0, unreachable: true };
      }
      const retryAt = new Date(clock.now().getTime() + policy.backoffMs(claim.attempts));
      await claims.postpone(claim.id, policy.owner, retryAt, reason);
      report({ outcome: 'retry', reason, code, action: `retrying at ${retryAt.toISOString()}` });
      return { sent: false, papers: 0, retrying: true };
    }
  }

  return { deliver };
}
