/**
 * A local stand-in for Discord: REST under /api/v10 and a JSON, uncompressed WebSocket gateway on
 * one HTTP server on 127.0.0.1, enough for the real discord.js Client. It records every REST request,
 * refuses what Discord refuses (message and command limits → 400 / 50035), and can be told to fail:
 * 429 with retry_after and bucket headers, 5xx, Discord error codes (50001, 10003, 50007, 50013).
 * Tests drive the bot by sending INTERACTION_CREATE and waiting for its answers. The gateway is
 * sharded as Discord's is: a session identifies as shard [id, count] and gets only the events of
 * the guilds on that shard, `(guild_id >> 22) % count` (DMs on shard 0).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { commandProblems, invalidFormBody, messageProblems } from './discord-limits.js';
import { createRateLimiter, type RateLimiter, type RateLimitOptions } from './discord-rate-limit.js';
import {
  MEMBER_PERMISSIONS,
  channelJson,
  guildCreateJson,
  interactionBase,
  userJson,
  type FakeChannel,
  type FakeGuild,
  type FakeUser,
  type InvocationSpec,
  type SentOption,
} from './discord-payloads.js';

export * from './discord-payloads.js';

type Json = Record<string, unknown>;

export interface RecordedCall {
  readonly method: string;
  /** Decoded path after /api/v10, e.g. `/webhooks/1/tok/messages/@original`. */
  readonly path: string;
  /** The path as sent (`%40original` stays encoded). */
  readonly rawPath: string;
  readonly query: Record<string, string>;
  readonly body: unknown;
  readonly status: number;
  /** True when the Authorization header carried the bot token (never recorded itself). */
  readonly authorized: boolean;
  /** performance.now() when the request was handled (it arrived, after half the latency). */
  readonly at: number;
}

export interface FaultRule {
  readonly method?: string;
  /** Matched against the decoded path (`/channels/123/messages`). */
  readonly path: RegExp | string;
  /** 429, 5xx, 403, 404… */
  readonly status: number;
  /** Discord's JSON error code (50001, 10003, 50007, 50013). */
  readonly code?: number;
  readonly message?: string;
  /** For 429: seconds, as Discord sends them. */
  readonly retryAfter?: number;
  readonly times?: number;
}

export interface PostedMessage extends Json {
  readonly id: string;
  readonly channel_id: string;
}

export interface FakeDiscordOptions {
  readonly token?: string;
  readonly guilds?: readonly FakeGuild[];
  readonly channels?: readonly FakeChannel[];
  readonly users?: readonly FakeUser[];
  /** Enforce Discord's rate limits (off by default; `true`: 50/s global, 5 per 5 s per channel route). */
  readonly rateLimit?: boolean | RateLimitOptions;
  /**
   * A network round trip for every REST request (default 0), or one per request: a request is
   * handled, and counted by the rate limits, half of it after it came in, as it reaches Discord only
   * then; its answer leaves the other half later.
   */
  readonly latencyMs?: number | ((request: { readonly method: string; readonly path: string }) => number);
  /** The shard count GET /gateway/bot recommends (default 1). */
  readonly recommendedShards?: number;
}

export interface FakeDiscord {
  /** For `rest.api`: `http://127.0.0.1:PORT/api`. */
  readonly apiUrl: string;
  readonly token: string;
  readonly applicationId: string;
  readonly bot: FakeUser;
  readonly calls: RecordedCall[];
  /** Messages by channel id, oldest first. */
  readonly messages: Map<string, PostedMessage[]>;
  /** Registered commands by scope (`global` or a guild id). */
  readonly commands: Map<string, Json[]>;
  readonly channels: Map<string, FakeChannel>;
  /** The rate limiter, when `rateLimit` was asked for. */
  readonly rateLimiter: RateLimiter | undefined;
  /** Time of the last READY sent (performance.now()). */
  readonly readyAt: number | undefined;
  /** Every IDENTIFY's shard, `[id, count]`, in order. */
  readonly identified: (readonly [number, number])[];
  /**
   * Where interactions go instead of the gateway, as for an app with an Interactions Endpoint URL
   * (Discord then sends them over HTTP only): the test signs and POSTs each one.
   */
  deliverInteraction: ((interaction: Json) => void) | undefined;
  /** The gateway closes with 4004 on IDENTIFY, as for a token revoked after the REST check. */
  rejectIdentify: boolean;
  /** User ids whose DMs answer 50007. */
  readonly closedDms: Set<string>;
  fail(rule: FaultRule): void;
  clearFaults(): void;
  addUser(user: FakeUser): void;
  /** Sends INTERACTION_CREATE for `/papers <path> options…` and returns its id and token. */
  command(spec: InvocationSpec, path: string, options?: readonly SentOption[]): { id: string; token: string };
  autocomplete(spec: InvocationSpec, path: string, options: readonly SentOption[]): { id: string; token: string };
  /** A button press on `message` (a message object the bot sent). */
  button(spec: InvocationSpec, customId: string, message: Json): { id: string; token: string };
  /** Resolves with the first recorded call (past or future) that matches. */
  waitFor(match: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  /** The final answer to an interaction: its callback, or the @original edit after a defer. */
  answer(token: string, timeoutMs?: number): Promise<{ callback: RecordedCall; final: RecordedCall }>;
  /** The bot leaves (or is removed from) a guild: GUILD_DELETE. */
  removeGuild(guildId: string): void;
  /** A channel is deleted: CHANNEL_DELETE. */
  deleteChannel(channelId: string): void;
  /** Closes the gateway socket with a code (4004: authentication failed). */
  closeGateway(code: number): void;
  close(): Promise<void>;
}

let sequence = BigInt(Date.now() - 1_420_070_400_000) << 22n;
const snowflake = () => (sequence += 1n).toString();

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const token = options.token ?? `fake.${randomBytes(18).toString('base64url')}`;
  const applicationId = snowflake();
  const bot: FakeUser = { id: applicationId, username: 'Paperboy' };
  const users = new Map<string, FakeUser>([[bot.id, bot], ...(options.users ?? []).map((u) => [u.id, u] as const)]);
  const guilds = new Map((options.guilds ?? []).map((g) => [g.id, g]));
  const channels = new Map((options.channels ?? []).map((c) => [c.id, { ...c }]));
  const messages = new Map<string, PostedMessage[]>();
  const commands = new Map<string, Json[]>();
  const closedDms = new Set<string>();
  const calls: RecordedCall[] = [];
  const faults: { rule: FaultRule; left: number }[] = [];
  const waiters = new Set<{ match: (c: RecordedCall) => boolean; done: (c: RecordedCall) => void }>();
  const sockets = new Set<WebSocket>();
  const nonces = new Map<string, PostedMessage>();
  /** Each identified session's shard. */
  const shardOfSocket = new Map<WebSocket, readonly [number, number]>();
  const identified: (readonly [number, number])[] = [];
  let readyAt: number | undefined;
  let seq = 0;
  const limiter = options.rateLimit ? createRateLimiter(options.rateLimit === true ? {} : options.rateLimit) : undefined;

  const record = (call: RecordedCall) => {
    calls.push(call);
    for (const waiter of [...waiters]) {
      if (waiter.match(call)) {
        waiters.delete(waiter);
        waiter.done(call);
      }
    }
  };

  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rawPath = url.pathname.replace(/^\/api\/v10/, '');
    const path = decodeURIComponent(rawPath);
    const method = req.method ?? 'GET';
    const roundTrip = typeof options.latencyMs === 'function' ? options.latencyMs({ method, path }) : (options.latencyMs ?? 0);
    const oneWayMs = roundTrip / 2;
    const arrive = () => {
      let body: unknown;
      try {
        body = raw === '' ? undefined : JSON.parse(raw);
      } catch {
        body = raw;
      }
      const authorized = req.headers.authorization === `Bot ${token}` || path.startsWith('/interactions/') || path.startsWith('/webhooks/');
      const [status, payload, headers] = handle(method, path, url, body, authorized);
      record({ method, path, rawPath, query: Object.fromEntries(url.searchParams), body, status, authorized, at: performance.now() });
      if (oneWayMs > 0) setTimeout(() => send(res, status, payload, headers), oneWayMs);
      else send(res, status, payload, headers);
    };
    req.on('end', () => {
      if (oneWayMs > 0) setTimeout(arrive, oneWayMs);
      else arrive();
    });
  });

  function handle(method: string, path: string, url: URL, body: unknown, authorized: boolean): [number, unknown, Record<string, string>?] {
    if (!authorized) return [401, { message: '401: Unauthorized', code: 0 }];
    const verdict = limiter?.admit(method, path);
    if (verdict && !verdict.ok) return [verdict.status, verdict.body, verdict.headers];
    const fault = faults.find((f) => f.left > 0 && (!f.rule.method || f.rule.method === method) && matches(f.rule.path, path));
    if (fault) {
      fault.left -= 1;
      return faultAnswer(fault.rule);
    }
    const [status, payload] = route(method, path, url, (body ?? {}) as Json);
    return [status, payload, verdict?.headers];
  }

  function route(method: string, path: string, url: URL, body: Json): [number, unknown] {
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      // max_concurrency 16: a process running several shards identifies them at once, not 5 s apart.
      const shards = options.recommendedShards ?? 1;
      return [200, { url: `ws://127.0.0.1:${port}/gateway`, shards, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 16 } }];
    }
    if (method === 'GET' && (path === '/applications/@me' || path === '/oauth2/applications/@me')) {
      return [200, { id: applicationId, name: 'Paperboy', description: '', bot_public: true, bot_require_code_grant: false, verify_key: 'x', flags: 0, icon: null, team: null }];
    }
    if (method === 'GET' && path === '/users/@me') return [200, userJson(bot, true)];
    if ((m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path)) && method === 'PUT') {
      if (m[1] !== applicationId) return [404, { message: 'Unknown Application', code: 10002 }];
      const problems = commandProblems(body);
      if (problems.length > 0) return [400, invalidFormBody(problems)];
      const saved = (body as unknown as Json[]).map((c) => ({ ...c, id: snowflake(), application_id: applicationId, version: snowflake(), ...(m![2] ? { guild_id: m![2] } : {}) }));
      commands.set(m[2] ?? 'global', saved);
      return [200, saved];
    }
    if ((m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path)) && method === 'POST') {
      const data = body.data as Json | undefined;
      if (data && [4, 7].includes(Number(body.type))) {
        const problems = messageProblems(data, { requireSomething: Number(body.type) === 4 });
        if (problems.length > 0) return [400, invalidFormBody(problems)];
      }
      return [204, undefined];
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/(@original|\d+))?$/.exec(path))) {
      if (method === 'PATCH' || method === 'POST') {
        const problems = messageProblems(body, { requireSomething: method === 'POST' });
        if (problems.length > 0) return [400, invalidFormBody(problems)];
        return [200, messageJson(snowflake(), interactionChannels.get(m[2]!) ?? '0', body)];
      }
      if (method === 'DELETE') return [204, undefined];
    }
    if ((m = /^\/channels\/(\d+)$/.exec(path)) && method === 'GET') {
      const channel = channels.get(m[1]!);
      if (!channel) return [404, { message: 'Unknown Channel', code: 10003 }];
      if (channel.noAccess) return [403, { message: 'Missing Access', code: 50001 }];
      return [200, channelJson(channel, users)];
    }
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(path))) {
      const channel = channels.get(m[1]!);
      if (!channel) return [404, { message: 'Unknown Channel', code: 10003 }];
      if (channel.noAccess) return [403, { message: 'Missing Access', code: 50001 }];
      if (method === 'GET') {
        const limit = Math.min(Number(url.searchParams.get('limit') ?? 50), 100);
        return [200, [...(messages.get(channel.id) ?? [])].reverse().slice(0, limit)];
      }
      if (method !== 'POST') return [405, { message: '405: Method Not Allowed', code: 0 }];
      if (channel.type === 1 && channel.recipientId && closedDms.has(channel.recipientId)) {
        return [403, { message: 'Cannot send messages to this user', code: 50007 }];
      }
      if (channel.noPermission) return [403, { message: 'Missing Permissions', code: 50013 }];
      const problems = messageProblems(body, { requireSomething: true });
      if (problems.length > 0) return [400, invalidFormBody(problems)];
      const nonceKey = typeof body.nonce === 'string' && body.enforce_nonce === true ? `${channel.id}:${body.nonce}` : undefined;
      const earlier = nonceKey ? nonces.get(nonceKey) : undefined;
      if (earlier) return [200, earlier];
      const message = messageJson(snowflake(), channel.id, body, channel.guildId);
      const list = messages.get(channel.id) ?? [];
      list.push(message);
      messages.set(channel.id, list);
      if (nonceKey) nonces.set(nonceKey, message);
      return [200, message];
    }
    if ((m = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(path)) && method === 'POST') {
      const channel = channels.get(m[1]!);
      if (!channel) return [404, { message: 'Unknown Channel', code: 10003 }];
      if (channel.noThreads || ![0, 5].includes(channel.type)) return [400, { message: 'Cannot execute action on this channel type', code: 50024 }];
      const name = body.name;
      if (typeof name !== 'string' || name.length < 1 || name.length > 100) return [400, invalidFormBody(['name: must be 1 to 100 in length'])];
      const thread: FakeChannel = { id: m[2]!, type: 11, name, guildId: channel.guildId, parentId: channel.id };
      channels.set(thread.id, thread);
      return [201, channelJson(thread, users)];
    }
    if (method === 'POST' && path === '/users/@me/channels') {
      const recipient = String(body.recipient_id ?? '');
      if (!users.has(recipient)) return [400, { message: 'Invalid Recipient(s)', code: 50033 }];
      let dm = [...channels.values()].find((c) => c.type === 1 && c.recipientId === recipient);
      if (!dm) {
        dm = { id: snowflake(), type: 1, recipientId: recipient };
        channels.set(dm.id, dm);
      }
      return [200, channelJson(dm, users)];
    }
    return [404, { message: '404: Not Found', code: 0 }];
  }

  /** Whom the message notifies, as Discord works it out: mentions in the content, as far as allowed_mentions lets them. */
  function mentionsIn(body: Json): Json {
    const content = typeof body.content === 'string' ? body.content : '';
    const parse = (body.allowed_mentions as { parse?: unknown[] } | undefined)?.parse ?? ['everyone', 'users', 'roles'];
    const ids = parse.includes('users') ? [...content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1]!) : [];
    return {
      mentions: ids.flatMap((id) => (users.has(id) ? [userJson(users.get(id)!)] : [])),
      mention_roles: parse.includes('roles') ? [...content.matchAll(/<@&(\d+)>/g)].map((m) => m[1]) : [],
      mention_everyone: parse.includes('everyone') && /@(everyone|here)/.test(content),
    };
  }

  function messageJson(id: string, channelId: string, body: Json, guildId?: string): PostedMessage {
    return {
      id,
      type: 0,
      channel_id: channelId,
      ...(guildId ? { guild_id: guildId } : {}),
      author: userJson(bot, true),
      content: typeof body.content === 'string' ? body.content : '',
      embeds: Array.isArray(body.embeds) ? body.embeds : [],
      components: Array.isArray(body.components) ? body.components : [],
      attachments: [],
      ...mentionsIn(body),
      pinned: false,
      tts: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      flags: typeof body.flags === 'number' ? body.flags : 0,
      ...(typeof body.nonce === 'string' ? { nonce: body.nonce } : {}),
    };
  }

  // ---------------------------------------------------------------- gateway

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    if (!req.url?.startsWith('/gateway')) return void socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => onSocket(ws));
  });

  function onSocket(ws: WebSocket) {
    sockets.add(ws);
    ws.on('close', () => {
      sockets.delete(ws);
      shardOfSocket.delete(ws);
    });
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null }));
    ws.on('message', (data) => {
      const packet = JSON.parse(String(data)) as { op: number; d: Json };
      if (packet.op === 1) ws.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      if (packet.op === 2) {
        const good = packet.d.token === token || packet.d.token === `Bot ${token}`;
        if (!good || fake.rejectIdentify) return void ws.close(4004, 'Authentication failed.');
        const sent = packet.d.shard as [number, number] | undefined;
        const shard = [sent?.[0] ?? 0, sent?.[1] ?? 1] as const;
        if (shard[0] >= shard[1]) return void ws.close(4010, 'Invalid shard.');
        identified.push(shard);
        shardOfSocket.set(ws, shard);
        const mine = [...guilds.values()].filter((g) => guildShard(g.id, shard[1]) === shard[0]);
        readyAt = performance.now();
        dispatchTo(ws, 'READY', {
          v: 10,
          user: { ...userJson(bot, true), verified: true, mfa_enabled: false, flags: 0 },
          guilds: mine.map((g) => ({ id: g.id, unavailable: true })),
          session_id: randomBytes(8).toString('hex'),
          resume_gateway_url: `ws://127.0.0.1:${port}/gateway`,
          application: { id: applicationId, flags: 0 },
          shard,
          private_channels: [],
          relationships: [],
        });
        for (const guild of mine) dispatchTo(ws, 'GUILD_CREATE', guildCreateJson(guild, [...channels.values()], bot, users));
      }
      if (packet.op === 6) dispatchTo(ws, 'RESUMED', {});
    });
  }

  function dispatchTo(ws: WebSocket, t: string, d: unknown) {
    seq += 1;
    ws.send(JSON.stringify({ op: 0, t, s: seq, d }));
  }

  /** To the sessions of the guild's shard (DMs: shard 0), as Discord routes events. */
  function dispatch(t: string, d: unknown, guildId: string | undefined) {
    for (const ws of sockets) {
      const [id, count] = shardOfSocket.get(ws) ?? [0, 1];
      if ((guildId === undefined ? 0 : guildShard(guildId, count)) === id) dispatchTo(ws, t, d);
    }
  }

  const interactionChannels = new Map<string, string>();

  function interact(spec: InvocationSpec, extra: Json): { id: string; token: string } {
    const ids = { id: snowflake(), token: `itok_${randomBytes(12).toString('hex')}`, applicationId };
    interactionChannels.set(ids.token, spec.channel.id);
    users.set(spec.user.id, spec.user);
    const interaction = { ...interactionBase(spec, ids, users), ...extra };
    if (fake.deliverInteraction) fake.deliverInteraction(interaction);
    else dispatch('INTERACTION_CREATE', interaction, spec.channel.guildId);
    return { id: ids.id, token: ids.token };
  }

  function commandData(spec: InvocationSpec, path: string, options: readonly SentOption[]): Json {
    const [first, second] = path.split(' ');
    const leaf = { type: 1, name: second ?? first, options };
    const top = second ? { type: 2, name: first, options: [leaf] } : leaf;
    const registered = commands.get('global')?.[0] ?? [...commands.values()][0]?.[0];
    // Channel options come resolved, with the member's permissions in that channel, as Discord sends them.
    const resolvedChannels = Object.fromEntries(
      options
        .filter((o) => o.type === 7 && channels.has(String(o.value)))
        .map((o) => {
          const id = String(o.value);
          const permissions = spec.channelPermissions?.[id] ?? spec.permissions ?? MEMBER_PERMISSIONS;
          return [id, { ...channelJson(channels.get(id)!, users), permissions }];
        }),
    );
    const resolved = Object.keys(resolvedChannels).length > 0 ? { resolved: { channels: resolvedChannels } } : {};
    return { id: (registered?.id as string | undefined) ?? snowflake(), name: 'papers', type: 1, options: [top], ...resolved };
  }

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;

  const waitFor = (match: (call: RecordedCall) => boolean, timeoutMs = 15_000): Promise<RecordedCall> => {
    const seen = calls.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((done, fail) => {
      const waiter = {
        match,
        done: (call: RecordedCall) => {
          clearTimeout(timer);
          done(call);
        },
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        fail(new Error('fake Discord: no matching request arrived in time'));
      }, timeoutMs);
      waiters.add(waiter);
    });
  };

  const fake: FakeDiscord = {
    rejectIdentify: false,
    deliverInteraction: undefined,
    identified,
    apiUrl: `http://127.0.0.1:${port}/api`,
    token,
    applicationId,
    bot,
    calls,
    messages,
    commands,
    channels,
    rateLimiter: limiter,
    get readyAt() {
      return readyAt;
    },
    closedDms,
    fail(rule) {
      faults.push({ rule, left: rule.times ?? 1 });
    },
    clearFaults() {
      faults.length = 0;
    },
    addUser(user) {
      users.set(user.id, user);
    },
    command(spec, path, options = []) {
      return interact(spec, { type: 2, data: commandData(spec, path, options) });
    },
    autocomplete(spec, path, options) {
      return interact(spec, { type: 4, data: commandData(spec, path, options) });
    },
    button(spec, customId, message) {
      return interact(spec, { type: 3, message, data: { custom_id: customId, component_type: 2 } });
    },
    waitFor,
    async answer(tokenOf, timeoutMs = 15_000) {
      const callback = await waitFor((c) => c.method === 'POST' && c.path.startsWith('/interactions/') && c.path.includes(`/${tokenOf}/`), timeoutMs);
      const type = Number((callback.body as Json | undefined)?.type);
      if (type !== 5 && type !== 6) return { callback, final: callback };
      const final = await waitFor((c) => c.method === 'PATCH' && c.path === `/webhooks/${applicationId}/${tokenOf}/messages/@original`, timeoutMs);
      return { callback, final };
    },
    removeGuild(guildId) {
      guilds.delete(guildId);
      dispatch('GUILD_DELETE', { id: guildId }, guildId);
    },
    deleteChannel(channelId) {
      const channel = channels.get(channelId);
      if (!channel) return;
      channels.delete(channelId);
      dispatch('CHANNEL_DELETE', channelJson(channel, users), channel.guildId);
    },
    closeGateway(code) {
      for (const ws of sockets) ws.close(code);
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
  return fake;
}

/** The shard Discord sends a guild's events on. */
export function guildShard(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

function faultAnswer(rule: FaultRule): [number, unknown, Record<string, string>] {
  if (rule.status === 429) {
    const after = rule.retryAfter ?? 0.1;
    return [
      429,
      { message: 'You are being rate limited.', retry_after: after, global: false, code: 0 },
      {
        'retry-after': String(Math.ceil(after)),
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Date.now() / 1000 + after),
        'x-ratelimit-reset-after': String(after),
        'x-ratelimit-bucket': 'fakebucket',
        'x-ratelimit-scope': 'user',
      },
    ];
  }
  return [rule.status, { message: rule.message ?? `Injected ${rule.status}`, code: rule.code ?? 0 }, {}];
}

function matches(pattern: RegExp | string, path: string): boolean {
  return typeof pattern === 'string' ? path.includes(pattern) : pattern.test(path);
}

function send(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  if (status === 204 || payload === undefined) {
    // Discord's 204 has no content-type; @discordjs/rest would try to parse an empty JSON body.
    res.writeHead(status === 200 ? 204 : status, headers);
    return void res.end();
  }
  const body = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}
