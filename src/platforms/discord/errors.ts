/**
 * Discord failures in the core's terms: a DeliveryError saying whether trying again can help, a
 * one-line UserError for bad credentials, and a log description without tokens (a webhook URL
 * carries the interaction token, so URLs are never logged).
 */
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { DeliveryError, UserError } from '../../core/errors.js';

/** Discord JSON error codes that mean the channel is gone or closed to the bot for good. */
const TARGET_GONE: Readonly<Record<number, string>> = {
  10003: 'the channel no longer exists',
  10004: 'the bot is no longer in that server',
  50001: 'the bot lost access to the channel',
  50013: 'the bot may not post in the channel',
};

/** Codes that mean this person cannot be messaged. */
const PERSON_UNREACHABLE: Readonly<Record<number, string>> = {
  50007: 'Discord refused the direct message (DMs closed or the bot is blocked)',
  10013: 'the Discord user no longer exists',
  50278: 'the person shares no server with the bot any more',
};

export function channelDeliveryError(error: unknown, channelId: string): DeliveryError {
  const code = apiCode(error);
  if (code !== undefined && TARGET_GONE[code]) {
    return new DeliveryError(`Discord channel ${channelId}: ${TARGET_GONE[code]} (${code}).`, 'target-gone', code, { cause: error });
  }
  return transient(error, `Discord channel ${channelId}`);
}

export function directDeliveryError(error: unknown, userId: string): DeliveryError {
  const code = apiCode(error);
  const reason = code === undefined ? undefined : (PERSON_UNREACHABLE[code] ?? (TARGET_GONE[code] ? 'the DM channel is closed to the bot' : undefined));
  if (code !== undefined && reason) return new DeliveryError(`Discord user ${userId}: ${reason} (${code}).`, 'person-unreachable', code, { cause: error });
  return transient(error, `Discord user ${userId}`);
}

function transient(error: unknown, where: string): DeliveryError {
  const code = apiCode(error) ?? statusOf(error);
  return new DeliveryError(`${where}: Discord did not take the message (${shortReason(error)}); it will be retried.`, 'transient', code, { cause: error });
}

export function apiCode(error: unknown): number | undefined {
  return error instanceof DiscordAPIError && typeof error.code === 'number' ? error.code : undefined;
}

function statusOf(error: unknown): number | undefined {
  if (error instanceof DiscordAPIError || error instanceof HTTPError) return error.status;
  return undefined;
}

function shortReason(error: unknown): string {
  if (error instanceof DiscordAPIError) return `${error.status} ${error.code}: ${apiMessage(error)}`;
  if (error instanceof HTTPError) return `HTTP ${error.status}`;
  if (error instanceof RateLimitError) return 'rate limited';
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'unknown error';
}

/** Bad or revoked token, or Discord unreachable at start: one sentence, never the token. */
export function asUserFacingLoginError(error: unknown): UserError {
  if (error instanceof UserError) return error;
  const code = (error as { code?: unknown } | undefined)?.code;
  const status = statusOf(error);
  if (status === 401 || code === 'TokenInvalid' || code === 4004) {
    return new UserError('Discord refused DISCORD_TOKEN (invalid or revoked); copy a new bot token from the Developer Portal (Bot → Reset Token).');
  }
  if (code === 4014 || code === 'DisallowedIntents') {
    return new UserError('Discord refused the requested gateway intents; Paperboy needs only Guilds, so check the application settings.');
  }
  return new UserError(`Discord could not be reached (${shortReason(error)}); check the network or DISCORD_API_URL and try again.`);
}

/** What a log line may say about an error. */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof DiscordAPIError) {
    return { name: 'DiscordAPIError', status: error.status, code: error.code, method: error.method, message: apiMessage(error) };
  }
  if (error instanceof HTTPError) return { name: 'HTTPError', status: error.status, method: error.method };
  if (error instanceof DeliveryError) return { name: error.name, kind: error.kind, code: error.platformCode, message: error.message };
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { value: String(error) };
}

function apiMessage(error: DiscordAPIError): string {
  return 'message' in error.rawError ? error.rawError.message : error.message;
}
