/** `/papers alerts instant|daily [time] [timezone]|off`: how a person's topic alerts arrive. */
import { UserError } from '../errors.js';
import { textReply, type Reply } from '../message.js';
import type { AlertMode, AlertPrefs, PersonRef, PersonRepository } from '../ports.js';
import { parseTime, parseTimezone } from './schedule-words.js';

export const ALERT_MODES: readonly AlertMode[] = ['instant', 'daily', 'off'];

export interface AlertsInput {
  readonly mode: string;
  readonly time?: string | undefined;
  readonly timezone?: string | undefined;
}

export interface AlertsUseCase {
  set(person: PersonRef, input: AlertsInput): Promise<Reply>;
}

export function createAlerts(deps: { readonly people: Pick<PersonRepository, 'prefs' | 'setAlertMode'> }): AlertsUseCase {
  async function set(person: PersonRef, input: AlertsInput): Promise<Reply> {
    const mode = input.mode.trim().toLowerCase() as AlertMode;
    if (!ALERT_MODES.includes(mode)) {
      throw new UserError(`"${input.mode}" is not an alert mode; use instant, daily (with a time and timezone) or off.`);
    }
    const hasTime = input.time !== undefined && input.time.trim() !== '';
    const hasZone = input.timezone !== undefined && input.timezone.trim() !== '';
    if (mode !== 'daily' && (hasTime || hasZone)) {
      throw new UserError(`A time and timezone only apply to daily alerts, e.g. /papers alerts daily 08:00 Europe/Berlin.`);
    }
    if (mode !== 'daily') return textReply(describe(await deps.people.setAlertMode(person, mode)));
    const current = await deps.people.prefs(person);
    const time = hasTime ? parseTime(input.time!) : current.time;
    const timezone = hasZone ? parseTimezone(input.timezone!) : current.timezone;
    return textReply(describe(await deps.people.setAlertMode(person, 'daily', time, timezone)));
  }

  return { set };
}

function describe(prefs: AlertPrefs): string {
  switch (prefs.mode) {
    case 'instant':
      return 'Alerts are on: you get a direct message as soon as a new paper matches one of your topics.';
    case 'daily':
      return `Alerts are daily: one direct message at ${prefs.time} ${prefs.timezone} with the new papers on your topics.`;
    case 'off':
      return 'Alerts are off; your topics are kept, and /papers alerts instant turns them back on.';
  }
}
