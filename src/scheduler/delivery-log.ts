/**
 * How each delivery is seen from outside: counted in the metrics, and logged. A failure is one log
 * line with the target, the platform's error code and what Paperboy did about it; a sent digest is
 * one info line, a sent DM (an alert or the weekly "for you") a debug line (the pass logs the sum at info).
 */
import { digestKindOf } from '../core/digest/kinds.js';
import type { DeliveryEvent, Metrics } from '../core/ports.js';
import type { Logger } from '../logger.js';

const LABELS: Record<DeliveryEvent['kind'], string> = {
  digest: 'digest',
  'digest-weekly': 'weekly digest',
  'digest-trending': 'trending digest',
  alert: 'alert DM',
  foryou: 'weekly "for you" DM',
};

export function deliveryReporter(logger: Logger, metrics: Metrics): (event: DeliveryEvent) => void {
  return (event) => {
    metrics.delivery(event);
    const target = `${event.platform}:${event.recipient}`;
    const fields = { kind: event.kind, target, slot: event.slot, outcome: event.outcome, papers: event.papers, code: event.code, reason: event.reason, action: event.action };
    const label = LABELS[event.kind];
    const digest = digestKindOf(event.kind) !== undefined;
    const what = digest ? `${label} for ${target}` : `${label} to ${target}`;
    switch (event.outcome) {
      case 'sent':
      case 'skipped':
        if (digest) logger.info(fields, `${label} ${event.outcome}`);
        else logger.debug(fields, `${label} ${event.outcome}`);
        return;
      default:
        logger.warn(fields, `${what} ${event.outcome === 'retry' ? 'not delivered' : event.outcome === 'unreachable' ? 'refused: person unreachable' : 'failed'} (${event.code ?? 'no platform code'}); ${event.action ?? 'nothing more to do'}`);
    }
  };
}
