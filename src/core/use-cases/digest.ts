/** `/papers digest set|off|show|preview`: a channel's digest schedules, one per kind. */
import { buildDigest } from '../digest/build-digest.js';
import { digestReply } from '../digest/digest-reply.js';
import { DIGEST_KINDS, isDigestKind, kindOf } from '../digest/kinds.js';
import { UserError } from '../errors.js';
import { textReply, type Block, type Reply } from '../message.js';
import type { DigestKind, DigestRepository, DigestSettings, PaperRepository, PaperSource, PersonRef, TargetRef } from '../ports.js';
import { parseQuery } from '../query/parse.js';
import { WORKING_DAYS } from '../weekdays.js';
import { describeWeekdays, parseTime, parseTimezone, parseWeekdays } from './schedule-words.js';

export const DIGEST_DEFAULTS = {
  time: '09:00',
  timezone: 'UTC',
  weekdays: WORKING_DAYS,
  top: 10,
  minUpvotes: 0,
} as const;
export const MAX_DIGEST_TOP = 25;
/** A weekly round-up comes once a week unless asked otherwise. */
const WEEKLY_DEFAULT_WEEKDAYS = ['mon'] as const;
export const ADMIN_ONLY =
  "Changing this channel's digest needs Manage Server or Manage Channels on Discord, a workspace admin or owner on Slack, or a place in ADMIN_USER_IDS.";
/** `topic:all` (or any of these) drops the topic filter, since leaving an option out keeps the old value. */
const NO_TOPIC = new Set(['all', 'any', 'none', 'off']);

/** Who asks, from where; the command context has this shape. */
export interface DigestCaller {
  readonly person: PersonRef;
  readonly target?: TargetRef | undefined;
  readonly isAdmin: boolean;
  readonly now: Date;
}

/** Only what is given changes; the rest keeps the channel's current (or default) value. */
export interface DigestSetInput {
  readonly time?: string | undefined;
  readonly timezone?: string | undefined;
  readonly top?: number | undefined;
  readonly minUpvotes?: number | undefined;
  readonly topic?: string | undefined;
  readonly weekdays?: string | undefined;
  /** Another channel of the same workspace; default: where the command runs. */
  readonly channelId?: string | undefined;
  /** `daily` (default), `weekly` or `trending`. */
  readonly kind?: string | undefined;
}

/** `off`, `show` and `preview` take a kind; without one, every digest of the channel. */
export interface DigestUseCase {
  set(caller: DigestCaller, input: DigestSetInput): Promise<Reply>;
  off(caller: DigestCaller, kind?: string): Promise<Reply>;
  show(caller: DigestCaller, kind?: string): Promise<Reply>;
  preview(caller: DigestCaller, kind?: string): Promise<Reply>;
}

export interface DigestDeps {
  readonly digests: DigestRepository;
  readonly papers: PaperRepository;
  /** Hugging Face's trending list, for previews of trending digests. */
  readonly source?: Pick<PaperSource, 'trending'>;
}

export function createDigestCommands(deps: DigestDeps): DigestUseCase {
  const { digests } = deps;

  async function set(caller: DigestCaller, input: DigestSetInput): Promise<Reply> {
    if (!caller.isAdmin) throw new UserError(ADMIN_ONLY);
    const target = targetOf(caller, input.channelId);
    const kind = given(input.kind) ? kindNamed(input.kind) : 'daily';
    const current = await digests.settings(target, kind);
    const base = current ?? { ...DIGEST_DEFAULTS, ...(kind === 'weekly' ? { weekdays: WEEKLY_DEFAULT_WEEKDAYS } : {}), topic: undefined };
    const settings: DigestSettings = {
      target,
      kind,
      time: given(input.time) ? parseTime(input.time) : base.time,
      timezone: given(input.timezone) ? parseTimezone(input.timezone) : base.timezone,
      weekdays: given(input.weekdays) ? parseWeekdays(input.weekdays) : base.weekdays,
      top: input.top === undefined ? base.top : checkTop(input.top),
      minUpvotes: input.minUpvotes === undefined ? base.minUpvotes : checkMinUpvotes(input.minUpvotes),
      topic: given(input.topic) ? topicOf(input.topic) : base.topic,
      enabled: true,
      updatedBy: `${caller.person.platform}:${caller.person.userId}`,
      updatedAt: caller.now.toISOString(),
    };
    await digests.save(settings);
    return textReply(`${capitalised(kindName(kind))} ${where(caller, target)} is set: ${describeDigest(settings)}`);
  }

  /** The channel's digest of `kind`, or all of its digests. */
  async function chosen(target: TargetRef, kind: string | undefined): Promise<DigestSettings[]> {
    if (given(kind)) {
      const one = await digests.settings(target, kindNamed(kind));
      return one ? [one] : [];
    }
    return digests.ofChannel(target);
  }

  async function off(caller: DigestCaller, kind?: string): Promise<Reply> {
    if (!caller.isAdmin) throw new UserError(ADMIN_ONLY);
    const target = targetOf(caller);
    const on = (await chosen(target, kind)).filter((s) => s.enabled);
    const which = given(kind) ? kindName(kindNamed(kind)) : 'digest';
    if (on.length === 0) return textReply(`There is no ${which} ${where(caller, target)} to turn off.`);
    for (const settings of on) {
      await digests.disable(target, `turned off by ${caller.person.platform}:${caller.person.userId}`, caller.now, kindOf(settings));
    }
    const names = on.map((s) => kindName(kindOf(s)));
    const them = names.length === 1 ? 'it' : 'them';
    return textReply(
      `${capitalised(listed(names))} ${where(caller, target)} ${names.length === 1 ? 'is' : 'are'} off; /papers digest set turns ${them} back on with the same schedule.`,
    );
  }

  async function show(caller: DigestCaller, kind?: string): Promise<Reply> {
    const target = targetOf(caller);
    const all = await chosen(target, kind);
    if (all.length === 0) {
      const which = given(kind) ? `No ${kindName(kindNamed(kind))}` : 'No digest';
      return textReply(`${which} here yet; an admin can run /papers digest set 09:00 Europe/Berlin${given(kind) ? ` kind:${kindNamed(kind)}` : ''}.`);
    }
    const lines = all.map((current) => {
      const name = capitalised(kindName(kindOf(current)));
      if (current.enabled) return `${name} here: ${describeDigest(current)}`;
      const why = current.disabledReason ? ` (${current.disabledReason})` : '';
      return `The ${kindName(kindOf(current))} here is off${why}; when on, it was: ${describeDigest(current)}`;
    });
    return textReply(lines.join('\n'));
  }

  async function preview(caller: DigestCaller, kind?: string): Promise<Reply> {
    const target = targetOf(caller);
    const configured = await chosen(target, kind);
    const all: Pick<DigestSettings, 'kind' | 'top' | 'minUpvotes' | 'topic'>[] =
      configured.length > 0 ? configured : [{ ...DIGEST_DEFAULTS, kind: given(kind) ? kindNamed(kind) : 'daily' }];
    const blocks: Block[] = [{ type: 'notice', tone: 'info', text: 'Preview: only you see this.' }];
    const trending = deps.source && (() => deps.source!.trending());
    for (const settings of all) {
      const reply = digestReply(await buildDigest({ ...deps, trending }, { target, settings, slot: caller.now }));
      const empty = `The next ${kindName(kindOf(settings))} here would be empty: no new papers since the last one (or none stored yet).`;
      blocks.push(...(reply ? reply.blocks : [{ type: 'text' as const, text: empty }]));
    }
    return { visibility: 'private', blocks };
  }

  return { set, off, show, preview };
}

/** The schedule in words: "top 10 papers, Monday to Friday at 09:00 UTC." */
export function describeDigest(settings: Pick<DigestSettings, 'kind' | 'time' | 'timezone' | 'weekdays' | 'top' | 'minUpvotes' | 'topic'>): string {
  const kind = kindOf(settings);
  const noun = kind === 'trending' ? 'trending paper' : 'paper';
  const period = kind === 'weekly' ? ' of the seven days before' : '';
  const papers = (settings.top === 1 ? `the top ${noun}` : `the top ${settings.top} ${noun}s`) + period;
  const votes =
    settings.minUpvotes > 0 ? ` with at least ${settings.minUpvotes} upvote${settings.minUpvotes === 1 ? '' : 's'}` : '';
  const topic = settings.topic ? ` matching "${settings.topic}"` : '';
  return `${papers}${votes}${topic}, ${describeWeekdays(settings.weekdays)} at ${settings.time} ${settings.timezone}.`;
}

/** "weekly digest"; the daily one is just "digest", as it was before there were others. */
function kindName(kind: DigestKind): string {
  return kind === 'daily' ? 'digest' : `${kind} digest`;
}

function kindNamed(input: string): DigestKind {
  const kind = input.trim().toLowerCase();
  if (isDigestKind(kind)) return kind;
  throw new UserError(`\`${input.trim().slice(0, 40)}\` is not a kind of digest; use ${DIGEST_KINDS.join(', ')}, e.g. kind:weekly.`);
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function listed(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
}

function targetOf(caller: DigestCaller, channelId?: string): TargetRef {
  const channel = channelId?.trim();
  if (channel) return { platform: caller.person.platform, channelId: channel, workspaceId: caller.target?.workspaceId };
  if (!caller.target) {
    throw new UserError('Digests belong to a channel; run this in the channel that should get it.');
  }
  return caller.target;
}

function where(caller: DigestCaller, target: TargetRef): string {
  return caller.target?.channelId === target.channelId ? 'for this channel' : `for channel ${target.channelId}`;
}

function given(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

function checkTop(top: number): number {
  if (!Number.isInteger(top) || top < 1 || top > MAX_DIGEST_TOP) {
    throw new UserError(`top must be a whole number from 1 to ${MAX_DIGEST_TOP}, e.g. top:10.`);
  }
  return top;
}

function checkMinUpvotes(min: number): number {
  if (!Number.isInteger(min) || min < 0) {
    throw new UserError('min_upvotes must be a whole number of 0 or more, e.g. min_upvotes:5.');
  }
  return min;
}

function topicOf(input: string): string | undefined {
  const topic = input.trim();
  if (NO_TOPIC.has(topic.toLowerCase())) return undefined;
  parseQuery(topic);
  return topic;
}
