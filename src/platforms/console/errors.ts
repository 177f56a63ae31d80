/**
 * The console's failures: the sentence a command that failed unexpectedly prints (the details go to
 * the log), and the refusal of a direct message for someone who is not at this terminal.
 */
import { DeliveryError } from '../../core/errors.js';
import type { PersonRef } from '../../core/ports.js';

export const CONSOLE_FAILURE = 'Something went wrong handling that command; details are in the log.';

/** Alerts for an earlier operator of the same database (another login name) wait until they come back. */
export function notAtThisTerminal(person: PersonRef, operator: PersonRef): DeliveryError {
  return new DeliveryError(
    `Console user ${person.userId} is not at this terminal (${operator.userId} is); their alerts wait until they use a command here.`,
    'person-unreachable',
    'not-the-operator',
  );
}
