/**
 * A local stand-in for Slack on 127.0.0.1: the Web API methods Paperboy calls (form or JSON bodies,
 * Bearer tokens), response URLs for slash commands and buttons, and a Socket Mode WebSocket. Every
 * call is recorded. It refuses over-limit blocks the way Slack does, and can be told to answer
 * `ratelimited` (HTTP 429 + Retry-After, enforced: calls inside the window are refused again),
 * a platform error such as `cannot_dm`, or a 5xx.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkMessage } from './slack-limits.js';
import { attachSocketMode, type FakeSocketMode } from './slack-socket.js';

export interface SlackCall {
  readonly method: string;
  readonly args: Record<string, unknown>;
  /** The bearer token the call carried. */
  readonly token?: string | undefined;
  /** What the fake answered: 200 with ok true/false, 429, 5xx. */
  readonly status: number;
  readonly error?: string;
  readonly at: number;
}

export interface PostedMessage {
  readonly channel: string;
  readonly ts: string;
  readonly text?: string;
  readonly blocks?: Record<string, unknown>[];
  readonly thread_ts?: string;
  readonly metadata?: { event_type: string; event_payload: Record<string, unknown> };
  readonly unfurl_links?: unknown;
  readonly unfurl_media?: unknown;
}

export interface ResponseCall {
  readonly id: string;
  readonly body: Record<string, unknown>;
  readonly status: number;
  readonly error?: string;
}

export interface FakeUser {
  readonly admin?: boolean;
  readonly owner?: boolean;
  /** chat.postMessage to this person's DM fails with this code (cannot_dm, user_disabled, …). */
  readonly dmError?: string;
}

export interface FailRule {
  readonly method: string;
  /** HTTP status: 429 (with retryAfter) or a 5xx. */
  readonly status?: number;
  readonly retryAfter?: number;
  /** A platform error answered as HTTP 200 `{ ok: false, error }`. */
  readonly error?: string;
  /** How many calls it applies to. Default 1. */
  readonly times?: number;
}

/** A workspace installed through OAuth: `oauth.v2.access` with its code hands out its bot token. */
export interface FakeWorkspace {
  readonly teamId: string;
  readonly teamName: string;
  readonly botToken: string;
  /** The one-time code the browser brings back to /slack/oauth_redirect. */
  readonly code: string;
  /** An Enterprise Grid org; with `orgWide`, an org-wide install (no team). */
  readonly enterpriseId?: string;
  readonly orgWide?: boolean;
}

export const CLIENT_ID = '1111.2222';
export const CLIENT_SECRET = 'fake-client-secret-0001';

export interface FakeSlack {
  /** The Web API base for `slackApiUrl` / SLACK_API_URL. */
  readonly url: string;
  readonly botToken: string;
  readonly appToken: string;
  readonly teamId: string;
  readonly calls: SlackCall[];
  readonly messages: PostedMessage[];
  readonly responses: ResponseCall[];
  readonly socket: FakeSocketMode;
  /** A fresh response_url for one command or button payload. */
  responseUrl(): string;
  setUser(id: string, user: FakeUser): void;
  /** Makes every post to the channel fail with this code (channel_not_found, is_archived, …). */
  setChannelError(channel: string, error: string | undefined): void;
  fail(rule: FailRule): void;
  /** Makes `oauth.v2.access` hand out this workspace's token for its code, and accept the token from then on. */
  addWorkspace(workspace: FakeWorkspace): void;
  /** The token no longer works (the app was uninstalled, or the token revoked). */
  revoke(token: string): void;
  /** Calls of one method. */
  callsTo(method: string): SlackCall[];
  /** Resolves once `check` holds (checked after each recorded call or response). */
  waitFor<T>(check: () => T | undefined | false, what: string): Promise<T>;
  close(): Promise<void>;
}

const RESPONSE_URL_USES = 5;

export async function startFakeSlack(options: { users?: Record<string, FakeUser>; botToken?: string } = {}): Promise<FakeSlack> {
  const botToken = options.botToken ?? 'xoxb-fake-bot-token-0001';
  const appToken = 'xapp-fake-app-token-0001';
  const teamId = 'T0PAPERS';
  const events = new EventEmitter();
  const calls: SlackCall[] = [];
  const messages: PostedMessage[] = [];
  const responses: ResponseCall[] = [];
  const users = new Map(Object.entries(options.users ?? {}));
  const channelErrors = new Map<string, string>();
  const rules: { rule: FailRule; left: number }[] = [];
  const limitedUntil = new Map<string, number>();
  const responseUses = new Map<string, number>();
  const workspaces = new Map<string, FakeWorkspace>();
  const revoked = new Set<string>();
  let seq = 0;
  let responseSeq = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const socket = attachSocketMode(server, `${base.replace('http', 'ws')}/socket-mode`);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', base).pathname;
    const raw = await readBody(req);
    if (path.startsWith('/respond/')) return answerResponseUrl(path.slice('/respond/'.length), raw, res);
    if (!path.startsWith('/api/')) return void res.writeHead(404).end();
    const method = path.slice('/api/'.length);
    const args = parseArgs(raw, req.headers['content-type'] ?? '');
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? (args.token as string | undefined);
    const record = (status: number, error?: string) => {
      calls.push({ method, args, token, status, ...(error ? { error } : {}), at: Date.now() });
      events.emit('change');
    };

    const until = limitedUntil.get(method) ?? 0;
    if (until > Date.now()) {
      record(429, 'ratelimited');
      return json(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(Math.ceil((until - Date.now()) / 1000)) });
    }
    const rule = rules.find((r) => r.left > 0 && r.rule.method === method);
    if (rule) {
      rule.left -= 1;
      const { status, retryAfter, error } = rule.rule;
      if (status === 429) {
        limitedUntil.set(method, Date.now() + (retryAfter ?? 1) * 1000);
        record(429, 'ratelimited');
        return json(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfter ?? 1) });
      }
      if (status !== undefined && status >= 500) {
        record(status);
        return void res.writeHead(status, { 'content-type': 'text/plain' }).end('upstream trouble');
      }
      record(200, error);
      return json(res, 200, { ok: false, error });
    }

    if (method === 'oauth.v2.access') {
      const answer = oauthAccess(args, req.headers.authorization);
      record(200, answer.ok ? undefined : (answer.error as string));
      return json(res, 200, answer);
    }
    const workspace = [...workspaces.values()].find((w) => w.botToken === token);
    const expected = method === 'apps.connections.open' ? appToken : (workspace?.botToken ?? botToken);
    if (token !== expected || revoked.has(token)) {
      record(200, 'invalid_auth');
      return json(res, 200, { ok: false, error: token ? 'invalid_auth' : 'not_authed' });
    }
    const answer = method === 'auth.test' && workspace ? authTest(workspace) : api(method, args);
    record(200, answer.ok ? undefined : (answer.error as string));
    return json(res, 200, answer);
  }

  function api(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://papers-lab.slack.com/', team: 'Papers Lab', user: 'paperboy', team_id: teamId, user_id: 'UBOT', bot_id: 'BBOT' };
      case 'users.info': {
        const id = String(args.user);
        const user = users.get(id);
        if (!user) return { ok: false, error: 'user_not_found' };
        return { ok: true, user: { id, team_id: teamId, name: id.toLowerCase(), is_admin: user.admin ?? false, is_owner: user.owner ?? false } };
      }
      case 'conversations.open': {
        const id = String(args.users);
        if (!users.has(id)) return { ok: false, error: 'user_not_found' };
        return { ok: true, channel: { id: `D${id}` } };
      }
      case 'chat.postMessage':
        return postMessage(args);
      case 'conversations.history': {
        const channel = String(args.channel);
        const withMetadata = args.include_all_metadata === true;
        const limit = Number(args.limit ?? 100);
        const top = messages.filter((m) => m.channel === channel && m.thread_ts === undefined).reverse().slice(0, limit);
        return { ok: true, has_more: false, messages: top.map(({ metadata, ...m }) => ({ type: 'message', ...m, ...(withMetadata && metadata ? { metadata } : {}) })) };
      }
      case 'apps.connections.open':
        return { ok: true, url: socket.url };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  /** The grant exchange, checked the way Slack checks it: the app's credentials and a code used once. */
  function oauthAccess(args: Record<string, unknown>, authorization: string | undefined): Record<string, unknown> {
    const basic = authorization?.startsWith('Basic ') ? Buffer.from(authorization.slice(6), 'base64').toString().split(':') : [];
    const [clientId, clientSecret] = [args.client_id ?? basic[0], args.client_secret ?? basic[1]];
    if (clientId !== CLIENT_ID || clientSecret !== CLIENT_SECRET) return { ok: false, error: 'invalid_client_id' };
    const workspace = workspaces.get(String(args.code));
    if (!workspace) return { ok: false, error: 'invalid_code' };
    workspaces.delete(workspace.code);
    workspaces.set(`used:${workspace.code}`, workspace);
    const enterprise = workspace.enterpriseId ? { id: workspace.enterpriseId, name: 'Papers Org' } : null;
    return {
      ok: true,
      app_id: 'A0PAPERS',
      access_token: workspace.botToken,
      token_type: 'bot',
      scope: 'commands,chat:write,chat:write.public,im:write,users:read,channels:history,groups:history,im:history',
      bot_user_id: `UBOT${workspace.teamId}`,
      team: workspace.orgWide ? null : { id: workspace.teamId, name: workspace.teamName },
      enterprise,
      is_enterprise_install: workspace.orgWide === true,
      authed_user: { id: 'U0INSTALLER' },
    };
  }

  function authTest(workspace: FakeWorkspace): Record<string, unknown> {
    return {
      ok: true,
      url: `https://${workspace.teamName.toLowerCase().replace(/\W+/g, '-')}.slack.com/`,
      team: workspace.teamName,
      user: 'paperboy',
      team_id: workspace.orgWide ? undefined : workspace.teamId,
      enterprise_id: workspace.enterpriseId,
      user_id: `UBOT${workspace.teamId}`,
      bot_id: `B${workspace.teamId}`,
      is_enterprise_install: workspace.orgWide === true,
    };
  }

  function postMessage(args: Record<string, unknown>): Record<string, unknown> {
    const channel = String(args.channel ?? '');
    const gone = channelErrors.get(channel);
    if (gone) return { ok: false, error: gone };
    const dmUser = channel.startsWith('D') ? users.get(channel.slice(1)) : undefined;
    if (channel.startsWith('D') && !dmUser) return { ok: false, error: 'channel_not_found' };
    if (dmUser?.dmError) return { ok: false, error: dmUser.dmError };
    const problem = checkMessage(args);
    if (problem) return { ok: false, error: problem.error, response_metadata: { messages: [problem.reason] } };
    seq += 1;
    const ts = `${Math.floor(Date.now() / 1000)}.${String(seq).padStart(6, '0')}`;
    const message: PostedMessage = {
      channel,
      ts,
      text: args.text as string | undefined,
      blocks: args.blocks as Record<string, unknown>[] | undefined,
      ...(typeof args.thread_ts === 'string' ? { thread_ts: args.thread_ts } : {}),
      ...(args.metadata ? { metadata: args.metadata as PostedMessage['metadata'] } : {}),
      unfurl_links: args.unfurl_links,
      unfurl_media: args.unfurl_media,
    };
    messages.push(message);
    return { ok: true, channel, ts, message: { type: 'message', text: message.text, ts } };
  }

  function answerResponseUrl(id: string, raw: string, res: ServerResponse): void {
    const body = (raw === '' ? {} : JSON.parse(raw)) as Record<string, unknown>;
    const uses = (responseUses.get(id) ?? 0) + 1;
    responseUses.set(id, uses);
    const problem = uses > RESPONSE_URL_USES ? { error: 'used_url' } : checkMessage(body);
    const status = problem ? (uses > RESPONSE_URL_USES ? 404 : 400) : 200;
    responses.push({ id, body, status, ...(problem ? { error: problem.error } : {}) });
    events.emit('change');
    json(res, status, problem ? { ok: false, error: problem.error } : { ok: true });
  }

  return {
    url: `${base}/api`,
    botToken,
    appToken,
    teamId,
    calls,
    messages,
    responses,
    socket,
    responseUrl: () => `${base}/respond/r${++responseSeq}`,
    setUser: (id, user) => void users.set(id, user),
    setChannelError: (channel, error) => void (error ? channelErrors.set(channel, error) : channelErrors.delete(channel)),
    fail: (rule) => void rules.push({ rule, left: rule.times ?? 1 }),
    addWorkspace: (workspace) => void workspaces.set(workspace.code, workspace),
    revoke: (token) => void revoked.add(token),
    callsTo: (method) => calls.filter((c) => c.method === method),
    waitFor: (check, what) => waitFor(events, check, what),
    close: async () => {
      await socket.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** A safety net, not a timing assertion: a test that waits in vain fails with what it waited for. */
const GIVE_UP_MS = 15_000;

export function waitFor<T>(events: EventEmitter, check: () => T | undefined | false, what: string): Promise<T> {
  return new Promise((done, fail) => {
    const attempt = () => {
      const value = check();
      if (value === undefined || value === false) return false;
      events.off('change', attempt);
      clearTimeout(timer);
      done(value);
      return true;
    };
    const timer = setTimeout(() => {
      events.off('change', attempt);
      fail(new Error(`gave up waiting for ${what}`));
    }, GIVE_UP_MS);
    events.on('change', attempt);
    attempt();
  });
}

function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    if (value === 'true' || value === 'false') args[key] = value === 'true';
    else if (/^[[{]/.test(value)) args[key] = JSON.parse(value) as unknown;
    else args[key] = value;
  }
  return args;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((done, fail) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => done(body)).on('error', fail);
  });
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}
