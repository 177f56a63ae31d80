/**
 * Sends each person their queued topic alerts as one bundled message. The platform supplies `send`
 * (a DM on Discord or Slack, a printed block on the console); what was sent is marked delivered
 * only after `send` succeeds, so a failed send leaves the alerts queued for the next run. A person
 * the platform refuses to reach is marked unreachable and skipped until they use a command again.
 */
import { DeliveryError } from '../errors.js';
import type { Reply } from '../message.js';
import type { AlertRepository, PaperRepository, PendingAlert, PersonRef, PersonRepository } from '../ports.js';
import { alertReply } from './alert-reply.js';

export interface AlertDeliveryDeps {
  readonly alerts: Pick<AlertRepository, 'pending' | 'markDelivered'>;
  readonly papers: Pick<PaperRepository, 'getMany'>;
  readonly people: Pick<PersonRepository, 'prefs' | 'markUnreachable'>;
}

/** Sends one bundled message; returns the platform's message id when it has one. */
export type SendAlert = (person: PersonRef, reply: Reply) => Promise<string | undefined>;

export interface AlertDeliveryReport {
  /** People who got their bundle. */
  readonly people: number;
  readonly papers: number;
  /** People the platform refused to reach; now marked unreachable. */
  readonly unreachable: number;
  /** Sends that failed for now; their alerts stay queued for the next run. */
  readonly failures: readonly { readonly person: PersonRef; readonly error: unknown }[];
}

export function createAlertDelivery(deps: AlertDeliveryDeps) {
  const { alerts, papers, people } = deps;

  /**
   * Delivers pending alerts of people in `instant` mode (or of `mode` when given, e.g. the daily
   * bundle job passes 'daily'), optionally only for one person or one platform; people who turned
   * alerts off or cannot be messaged are skipped and keep their queue.
   */
  async function deliver(
    send: SendAlert,
    now: Date,
    options: { readonly person?: PersonRef; readonly platform?: PersonRef['platform']; readonly mode?: 'instant' | 'daily' } = {},
  ): Promise<AlertDeliveryReport> {
    const mode = options.mode ?? 'instant';
    let sent = 0;
    let papersSent = 0;
    let unreachable = 0;
    const failures: { person: PersonRef; error: unknown }[] = [];
    for (const [person, queued] of groupByPerson(await alerts.pending(options.person))) {
      if (options.platform !== undefined && person.platform !== options.platform) continue;
      const prefs = await people.prefs(person);
      if (prefs.mode !== mode || prefs.unreachableSince !== undefined) continue;
      const byId = new Map((await papers.getMany(queued.map((a) => a.paperId))).map((p) => [p.id, p]));
      const items = queued.flatMap((a) => {
        const paper = byId.get(a.paperId);
        return paper ? [{ paper, topics: a.topics }] : [];
      });
      if (items.length === 0) continue;
      let messageId: string | undefined;
      try {
        messageId = await send(person, alertReply(items));
      } catch (error) {
        if (error instanceof DeliveryError && error.kind === 'person-unreachable') {
          await people.markUnreachable(person, error.message, now);
          unreachable += 1;
        } else {
          failures.push({ person, error });
        }
        continue;
      }
      await alerts.markDelivered(person, items.map((i) => i.paper.id), messageId, now);
      sent += 1;
      papersSent += items.length;
    }
    return { people: sent, papers: papersSent, unreachable, failures };
  }

  return { deliver };
}

export type AlertDelivery = ReturnType<typeof createAlertDelivery>;

function groupByPerson(pending: readonly PendingAlert[]): Map<PersonRef, PendingAlert[]> {
  const byKey = new Map<string, { person: PersonRef; items: PendingAlert[] }>();
  for (const alert of pending) {
    const key = `${alert.person.platform}\u0000${alert.person.userId}`;
    const group = byKey.get(key) ?? { person: alert.person, items: [] };
    group.items.push(alert);
    byKey.set(key, group);
  }
  return new Map([...byKey.values()].map((g) => [g.person, g.items]));
}
