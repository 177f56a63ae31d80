/** `/papers digest set|off|show|preview`: a channel's daily digest schedule. */
import { buildDigest } from '../digest/build-digest.js';
import { digestReply } from '../digest/digest-reply.js';
import { UserError } from '../errors.js';
import { textReply, type Reply } from '../message.js';
import type { DigestRepository, DigestSettings, PaperRepository, PersonRef, TargetRef } from '../ports.js';
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
}

export interface DigestUseCase {
  set(caller: DigestCaller, input: DigestSetInput): Promise<Reply>;
  off(caller: DigestCaller): Promise<Reply>;
  show(caller: DigestCaller): Promise<Reply>;
  preview(caller: DigestCaller): Promise<Reply>;
}

export interface DigestDeps {
  readonly digests: DigestRepository;
  readonly papers: PaperRepository;
}

export function createDigestCommands(deps: DigestDeps): DigestUseCase {
  const { digests } = deps;

  async function set(caller: DigestCaller, input: DigestSetInput): Promise<Reply> {
    if (!caller.isAdmin) throw new UserError(ADMIN_ONLY);
    const target = targetOf(caller, input.channelId);
    const current = await digests.settings(target);
    const base = current ?? { ...DIGEST_DEFAULTS, topic: undefined };
    const settings: DigestSettings = {
      target,
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
    return textReply(`Digest ${where(caller, target)} is set: ${describeDigest(settings)}`);
  }

  async function off(caller: DigestCaller): Promise<Reply> {
    if (!caller.isAdmin) throw new UserError(ADMIN_ONLY);
    const target = targetOf(caller);
    const current = await digests.settings(target);
    if (!current?.enabled) return textReply(`There is no digest ${where(caller, target)} to turn off.`);
    await digests.disable(target, `turned off by ${caller.person.platform}:${caller.person.userId}`, caller.now);
    return textReply(
      `The digest ${where(caller, target)} is off; /papers digest set turns it back on with the same schedule.`,
    );
  }

  async function show(caller: DigestCaller): Promise<Reply> {
    const target = targetOf(caller);
    const current = await digests.settings(target);
    if (!current) return textReply('No digest here yet; an admin can run /papers digest set 09:00 Europe/Berlin.');
    if (!current.enabled) {
      const why = current.disabledReason ? ` (${current.disabledReason})` : '';
      return textReply(`The digest here is off${why}; when on, it was: ${describeDigest(current)}`);
    }
    return textReply(`Digest here: ${describeDigest(current)}`);
  }

  async function preview(caller: DigestCaller): Promise<Reply> {
    const target = targetOf(caller);
    const settings = (await digests.settings(target)) ?? DIGEST_DEFAULTS;
    const result = await buildDigest(deps, { target, settings, slot: caller.now });
    const reply = digestReply(result);
    if (!reply) {
      return textReply(
        'The next digest here would be empty: no new papers since the last one (or none stored yet).',
      );
    }
    return {
      visibility: 'private',
      blocks: [{ type: 'notice', tone: 'info', text: 'Preview: only you see this.' }, ...reply.blocks],
    };
  }

  return { set, off, show, preview };
}

/** The schedule in words: "top 10 papers, Monday to Friday at 09:00 UTC." */
export function describeDigest(settings: Pick<DigestSettings, 'time' | 'timezone' | 'weekdays' | 'top' | 'minUpvotes' | 'topic'>): string {
  const papers = settings.top === 1 ? 'the top paper' : `the top ${settings.top} papers`;
  const votes =
    settings.minUpvotes > 0 ? ` with at least ${settings.minUpvotes} upvote${settings.minUpvotes === 1 ? '' : 's'}` : '';
  const topic = settings.topic ? ` matching "${settings.topic}"` : '';
  return `${papers}${votes}${topic}, ${describeWeekdays(settings.weekdays)} at ${settings.time} ${settings.timezone}.`;
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
