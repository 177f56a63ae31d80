/**
 * What a failed Web API call means for delivery. The WebClient has already waited out `ratelimited`
 * (HTTP 429 with Retry-After) and retried 5xx and network failures by the time an error gets here.
 */
import { DeliveryError, UserError } from '../../core/errors.js';

/** The channel is gone or closed to the bot: the digest there stops until someone sets it again. */
const TARGET_GONE = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'account_inactive', 'team_access_not_granted']);
/** The person cannot be messaged until something changes on their side. */
const PERSON_UNREACHABLE = new Set(['cannot_dm', 'cannot_dm_bot', 'user_not_found', 'account_inactive', 'user_disabled', 'user_not_visible']);
/** The token or app is wrong: nothing will work until the operator fixes the configuration. */
const BAD_CREDENTIALS = new Set(['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive', 'no_permission']);

/** Slack's error code (`channel_not_found`) for a platform error, the HTTP status for others. */
export function slackErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, data, statusCode } = error as { code?: unknown; data?: { error?: unknown }; statusCode?: unknown };
  if (code === 'slack_webapi_platform_error' && typeof data?.error === 'string') return data.error;
  if (code === 'slack_webapi_rate_limited_error') return 'ratelimited';
  if (code === 'slack_webapi_http_error' && typeof statusCode === 'number') return `http_${statusCode}`;
  if (code === 'slack_webapi_request_error') return 'request_failed';
  return undefined;
}

export function isSlackError(error: unknown, ...codes: readonly string[]): boolean {
  const code = slackErrorCode(error);
  return code !== undefined && codes.includes(code);
}

export function channelDeliveryError(error: unknown, channelId: string): DeliveryError {
  const code = slackErrorCode(error);
  if (code && TARGET_GONE.has(code)) {
    return new DeliveryError(`Slack channel ${channelId} cannot take posts (${code}).`, 'target-gone', code, { cause: error });
  }
  return transient(error, code);
}

export function directDeliveryError(error: unknown, userId: string): DeliveryError {
  const code = slackErrorCode(error);
  if (code && PERSON_UNREACHABLE.has(code)) {
    return new DeliveryError(`Slack user ${userId} cannot be messaged (${code}).`, 'person-unreachable', code, { cause: error });
  }
  return transient(error, code);
}

/** Platform errors that say Slack itself had trouble, not that it refuses the call. */
const SLACK_TROUBLE = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/**
 * True when Slack answered a lookup with a refusal that waiting will not change (a missing
 * `*:history` scope, a channel the bot is not in, an unknown user); false for anything that may pass.
 */
export function lookupRefused(error: unknown): boolean {
  const { code, data } = (error ?? {}) as { code?: unknown; data?: { error?: unknown } };
  return code === 'slack_webapi_platform_error' && typeof data?.error === 'string' && !SLACK_TROUBLE.has(data.error);
}

/** A failed "was it already sent?" lookup that may pass: the caller retries later rather than send twice. */
export function lookupError(error: unknown): DeliveryError {
  const code = slackErrorCode(error);
  const what = code ?? (error instanceof Error ? error.message : 'unknown error');
  return new DeliveryError(`Slack could not be asked whether the message was already sent (${what}); it will be tried again.`, 'transient', code, {
    cause: error,
  });
}

/** A start-up failure as one line for the operator; never the token. */
export function startError(error: unknown, what: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN', apiUrl: string): Error {
  const code = slackErrorCode(error);
  if (code && BAD_CREDENTIALS.has(code)) {
    return new UserError(`Slack refused ${what} (${code}); check the token in .env against the app's settings at api.slack.com/apps.`);
  }
  if (code === 'request_failed' || code?.startsWith('http_')) {
    return new UserError(`Slack could not be reached at ${apiUrl} (${code}); check the network or SLACK_API_URL.`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

function transient(error: unknown, code: string | undefined): DeliveryError {
  const what = code ?? (error instanceof Error ? error.message : 'unknown error');
  return new DeliveryError(`Slack did not take the message (${what}); it will be tried again.`, 'transient', code, { cause: error });
}
