/**
 * Paperboy on Slack through Bolt: over HTTP (commands, actions and events on Bolt's default
 * `/slack/events`, verified with the signing secret) or, when SLACK_APP_TOKEN is set, over Socket
 * Mode (no public URL). It answers `/papers`, its buttons, and delivers digests and DMs. With
 * SLACK_CLIENT_ID (and its secret and a state secret) it is installed in many workspaces through
 * Bolt's OAuth flow (`/slack/install`, `/slack/oauth_redirect`), each with its own token
 * (installations.ts); otherwise it serves the one workspace of SLACK_BOT_TOKEN.
 */
import { App, SocketModeReceiver, type webApi } from '@slack/bolt';
import { slackOAuth, type Config } from '../../config.js';
import { UserError } from '../../core/errors.js';
import { boltCustomRoutes } from '../../http/bolt-routes.js';
import { routesHost } from '../../http/host.js';
import { createInFlight, STOP_DRAIN_MS } from '../../core/in-flight.js';
import { botIdentity, type ChatAdapter, type PlatformContext } from '../platform.js';
import { routeButtons } from './actions.js';
import { createAdminCheck } from './admin.js';
import { boltLogger } from './bolt-logger.js';
import { routeCommands } from './commands.js';
import { createSlackInstallations, type SlackInstallations } from './installations.js';
import { SLACK_BOT_SCOPES } from './manifest.js';
import { createSlackMessenger } from './messenger.js';
import { startError } from './errors.js';

export interface SlackAdapterOptions {
  /**
   * The WebClient's retries for 5xx, network failures and `ratelimited` (each wait honours
   * Retry-After). Default: 5 retries within about a minute.
   */
  readonly retryConfig?: webApi.RetryOptions;
}

const DEFAULT_RETRY: webApi.RetryOptions = { retries: 5, factor: 2, minTimeout: 1000, maxTimeout: 30_000, randomize: true };

export function createSlackAdapter(context: PlatformContext, options: SlackAdapterOptions = {}): ChatAdapter {
  const { config, logger } = context;
  const oauth = slackOAuth(config);
  const token = config.SLACK_BOT_TOKEN;
  if (!token && !oauth) throw new UserError('SLACK_BOT_TOKEN is not set; Slack needs the bot token (xoxb-…) from the app\'s "OAuth & Permissions" page.');
  const appToken = config.SLACK_APP_TOKEN;
  if (!appToken && !config.SLACK_SIGNING_SECRET) {
    throw new UserError('SLACK_SIGNING_SECRET is not set; Slack over HTTP needs it (or set SLACK_APP_TOKEN for Socket Mode).');
  }
  const apiUrl = config.SLACK_API_URL ?? 'https://slack.com/api';
  const clientOptions = {
    ...(config.SLACK_API_URL ? { slackApiUrl: `${config.SLACK_API_URL}/` } : {}),
    retryConfig: options.retryConfig ?? DEFAULT_RETRY,
  };
  const log = boltLogger(logger.child({ component: 'slack' }));
  const receiver = appToken
    ? new SocketModeReceiver({ appToken, logger: log, installerOptions: { clientOptions: { ...clientOptions } } })
    : undefined;
  const installs = oauth ? createSlackInstallations(context, clientOptions) : undefined;
  // Over HTTP, Bolt's server also serves the process's own routes when no other port does.
  const customRoutes = !receiver && context.routes && routesHost(config) === 'slack' ? boltCustomRoutes(context.routes, logger) : [];
  const app = new App({
    ...(installs ? oauthOptions(config, installs, clientOptions) : { token }),
    ...(receiver ? { receiver } : { signingSecret: config.SLACK_SIGNING_SECRET, port: config.SLACK_PORT, customRoutes }),
    logger: log,
    clientOptions,
    // init() runs auth.test where start() can turn a bad token into one clear line.
    deferInitialization: true,
  });

  const inFlight = createInFlight();
  app.use(async ({ next }) => {
    await inFlight.track(next());
  });
  app.error(async (error) => {
    logger.error({ err: error }, 'slack request failed outside a handler');
  });
  routeCommands(app, context, createAdminCheck({ adminIds: config.ADMIN_USER_IDS, clock: context.clock, logger }), installs);
  routeButtons(app, context, installs);
  installs?.route(app);
  const messenger = createSlackMessenger(installs ? installs.clientFor : async () => app.client, context);
  let started = false;
  // Socket Mode reconnects by itself; readiness follows its state.
  let socket: 'connected' | 'connecting' | 'disconnected' = 'disconnected';
  for (const state of ['connected', 'connecting', 'reconnecting', 'disconnecting', 'disconnected'] as const) {
    receiver?.client.on(state, () => {
      socket = state === 'connected' ? 'connected' : state === 'disconnected' ? 'disconnected' : 'connecting';
    });
  }

  async function start(): Promise<void> {
    try {
      await app.init();
    } catch (error) {
      throw startError(error, 'SLACK_BOT_TOKEN', apiUrl);
    }
    try {
      if (receiver) await app.start();
      else await app.start(config.SLACK_PORT);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'EADDRINUSE') {
        throw new UserError(`SLACK_PORT ${config.SLACK_PORT} is already in use; choose another port.`);
      }
      throw startError(error, 'SLACK_APP_TOKEN', apiUrl);
    }
    started = true;
    logger.info({ mode: receiver ? 'socket' : 'http', port: receiver ? undefined : config.SLACK_PORT, oauth }, 'slack connected');
  }

  async function stop(): Promise<void> {
    if (!started) return;
    started = false;
    // Socket Mode's stop() returns before the socket is closed; disconnect() waits for it.
    if (receiver) await receiver.client.disconnect();
    else await app.stop();
    await inFlight.drain(STOP_DRAIN_MS);
  }

  function health() {
    if (!started) return { ok: false, detail: 'not started' };
    if (!receiver) return { ok: true, detail: `listening on port ${config.SLACK_PORT}` };
    return socket === 'connected' ? { ok: true, detail: 'Socket Mode connected' } : { ok: false, detail: `Socket Mode ${socket}` };
  }

  // Slack's limits are the app's in its workspace, per method: every process with its bot token takes turns
  // delivering; installed in many workspaces, every process of the app (its client id) does.
  const identity = botIdentity('slack', token ?? `app:${config.SLACK_CLIENT_ID ?? ''}`);
  return { platform: 'slack', identity, start, stop, health, ...messenger };
}

/** Bolt's OAuth settings: the install page sends straight to Slack, and installations live in the database. */
function oauthOptions(config: Config, installs: SlackInstallations, clientOptions: webApi.WebClientOptions) {
  return {
    clientId: config.SLACK_CLIENT_ID,
    clientSecret: config.SLACK_CLIENT_SECRET,
    stateSecret: config.SLACK_STATE_SECRET,
    scopes: Object.keys(SLACK_BOT_SCOPES),
    installationStore: installs.store,
    installerOptions: { directInstall: true, clientOptions },
  };
}
