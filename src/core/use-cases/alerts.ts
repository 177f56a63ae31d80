/**
 * `/papers alerts instant|daily [time] [timezone]|off`: how a person's topic alerts arrive; and
 * `/papers alerts foryou weekly|off`: the weekly "for you" message.
 */
import { UserError } from '../errors.js';
import { textReply, type Reply } from '../message.js';
import type { AlertMode, AlertPrefs, ForYouMode, PersonRef, PersonRepository } from '../ports.js';
import { parseTime, parseTimezone } from './schedule-words.js';

export const ALERT_MODES: readonly AlertMode[] = ['instant', 'daily', 'off'];
/** What `mode` takes besides the alert modes: the weekly "for you" message. */
const FOR_YOU_MODE = 'foryou';
const FOR_YOU_SETTINGS: readonly ForYouMode[] = ['weekly', 'off'];

export interface AlertsInput {
  readonly mode: string;
  readonly time?: string | undefined;
  readonly timezone?: string | undefined;
}

export interface AlertsUseCase {
  set(person: PersonRef, input: AlertsInput): Promise<Reply>;
}

export function createAlerts(deps: { readonly people: Pick<PersonRepository, 'prefs' | 'setAlertMode' | 'setForYou'> }): AlertsUseCase {
  async function set(person: PersonRef, input: AlertsInput): Promise<Reply> {
    const word = input.mode.trim().toLowerCase();
    if (word === FOR_YOU_MODE) return forYou(person, input);
    const mode = word as AlertMode;
    if (!ALERT_MODES.includes(mode)) {
      throw new UserError(`"${input.mode}" is not an alert mode; use instant, daily (with a time and timezone), off, or foryou weekly.`);
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

  /** The setting is the word after `foryou` (the `time` option's place). */
  async function forYou(person: PersonRef, input: AlertsInput): Promise<Reply> {
    const setting = (input.time ?? '').trim().toLowerCase() as ForYouMode;
    if (!FOR_YOU_SETTINGS.includes(setting) || (input.timezone ?? '').trim() !== '') {
      throw new UserError('Say weekly or off after foryou: /papers alerts foryou weekly, or /papers alerts foryou off.');
    }
    const prefs = await deps.people.setForYou(person, setting);
    if (setting === 'off') return textReply('The weekly "for you" message is off; /papers foryou still shows it whenever you ask.');
    return textReply(
      `The weekly "for you" message is on: your top papers of the week, learnt from your 👍/👎, every Monday at ${prefs.time} ${prefs.timezone} (your alert time; the first comes within a minute).`,
    );
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
