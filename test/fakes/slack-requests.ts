/**
 * What Slack sends an app over HTTP: slash commands as form posts and button clicks as a form field
 * `payload`, each signed `v0=` HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret.
 */
import { createHmac } from 'node:crypto';
import type { FakeSlack } from './slack-api.js';

export const SIGNING_SECRET = 'fake-signing-secret-0001';

export interface CommandFields {
  readonly text: string;
  readonly user_id?: string;
  readonly channel_id?: string;
  /** Another workspace than the fake's own (OAuth installs). */
  readonly team_id?: string;
  /** An Enterprise Grid org; with `is_enterprise_install`, installed org-wide. */
  readonly enterprise_id?: string;
  readonly is_enterprise_install?: boolean;
}

/** The form fields of a `/papers` slash command, answering to a fresh response_url on the fake. */
export function commandPayload(slack: FakeSlack, fields: CommandFields): Record<string, string> {
  return {
    token: 'deprecated-verification-token',
    team_id: fields.team_id ?? slack.teamId,
    ...(fields.enterprise_id ? { enterprise_id: fields.enterprise_id } : {}),
    team_domain: 'papers-lab',
    channel_id: fields.channel_id ?? 'C0LAB',
    channel_name: 'lab',
    user_id: fields.user_id ?? 'U0ADA',
    user_name: (fields.user_id ?? 'U0ADA').toLowerCase(),
    command: '/papers',
    text: fields.text,
    api_app_id: 'A0PAPERS',
    is_enterprise_install: String(fields.is_enterprise_install === true),
    response_url: slack.responseUrl(),
    trigger_id: '1.2.3',
  };
}

/** A block_actions payload for a click on a button of an earlier reply. */
export function buttonPayload(
  slack: FakeSlack,
  button: { action_id: string; value?: string },
  who: { user_id?: string; channel_id?: string } = {},
): Record<string, unknown> {
  const user = who.user_id ?? 'U0ADA';
  return {
    type: 'block_actions',
    team: { id: slack.teamId, domain: 'papers-lab' },
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: slack.teamId },
    api_app_id: 'A0PAPERS',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: '1.000001', channel_id: who.channel_id ?? 'C0LAB', is_ephemeral: true },
    trigger_id: '1.2.4',
    channel: { id: who.channel_id ?? 'C0LAB', name: 'lab' },
    response_url: slack.responseUrl(),
    actions: [{ type: 'button', block_id: 'b1', action_id: button.action_id, value: button.value, text: { type: 'plain_text', text: 'x' }, action_ts: '1.1' }],
  };
}

export interface SignedPost {
  /** Seconds since the epoch; default now. */
  readonly timestamp?: number;
  /** Sign with this secret instead (a wrong one gives 401). */
  readonly secret?: string;
}

/** POSTs a form body to the app's `/slack/events`, signed as Slack signs it. */
export function postSigned(appUrl: string, form: Record<string, string>, options: SignedPost = {}): Promise<Response> {
  return postRaw(appUrl, new URLSearchParams(form).toString(), 'application/x-www-form-urlencoded', options);
}

/** An Events API callback (`app_uninstalled`, `tokens_revoked`…) for one workspace, signed, as JSON. */
export function postEvent(
  appUrl: string,
  event: Record<string, unknown>,
  where: { readonly team_id: string; readonly enterprise_id?: string; readonly is_enterprise_install?: boolean },
): Promise<Response> {
  const body = {
    token: 'deprecated-verification-token',
    team_id: where.team_id,
    ...(where.enterprise_id ? { enterprise_id: where.enterprise_id } : {}),
    api_app_id: 'A0PAPERS',
    event: { event_ts: '1.000001', ...event },
    type: 'event_callback',
    event_id: `Ev${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: where.enterprise_id ?? null,
        team_id: where.is_enterprise_install ? null : where.team_id,
        user_id: 'UBOT',
        is_bot: true,
        is_enterprise_install: where.is_enterprise_install === true,
      },
    ],
    is_ext_shared_channel: false,
  };
  return postRaw(appUrl, JSON.stringify(body), 'application/json');
}

async function postRaw(appUrl: string, body: string, contentType: string, options: SignedPost = {}): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', options.secret ?? SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return fetch(`${appUrl}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
    },
    body,
  });
}

export function postCommand(appUrl: string, slack: FakeSlack, fields: CommandFields, options: SignedPost = {}): Promise<Response> {
  return postSigned(appUrl, commandPayload(slack, fields), options);
}

export function postButton(appUrl: string, payload: Record<string, unknown>): Promise<Response> {
  return postSigned(appUrl, { payload: JSON.stringify(payload) });
}
