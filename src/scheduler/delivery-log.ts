/**
 * How each delivery is seen from outside: counted in the metrics, and logged. A failure is one log
 * line with the target, the platform's error code and what Paperboy did about it; a sent digest is
 * one info line, a sent alert DM a debug line (the pass logs the alerts' sum at info).
 */
import type { DeliveryEvent, Metrics } from '../core/ports.js';
import type { Logger } from '../logger.js';

export function deliveryReporter(logger: Logger, metrics: Metrics): (event: DeliveryEvent) => void {
  return (event) => {
    metrics.delivery(event);
    const target = `${event.platform}:${event.recipient}`;
    const fields = { kind: event.kind, target, slot: event.slot, outcome: event.outcome, papers: event.papers, code: event.code, reason: event.reason, action: event.action };
    const what = event.kind === 'digest' ? `digest for ${target}` : `alert DM to ${target}`;
    switch (event.outcome) {
      case 'sent':
        if (event.kind === 'digest') logger.info(fields, `digest sent`);
        else logger.debug(fields, 'alert DM sent');
        return;
      case 'skipped':
        if (event.kind === 'digest') logger.info(fields, `digest skipped`);
        else logger.debug(fields, 'alert DM skipped');
        return;
      default:
        logger.warn(fields, `${what} ${event.outcome === 'retry' ? 'not delivered' : event.outcome === 'unreachable' ? 'refused: person unreachable' : 'failed'} (${event.code ?? 'no platform code'}); ${event.action ?? 'nothing more to do'}`);
    }
  };
}
