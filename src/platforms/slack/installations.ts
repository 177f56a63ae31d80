/**
 * Slack installs in many workspaces (OAuth): Bolt's installation store over the database, a Web API
 * client per workspace for what happens outside a request (digests, DMs), and the uninstall events.
 *
 * A workspace is stored under its team id, or, for an Enterprise Grid org-wide install, under the
 * org's id (one token serves every workspace of the org, and an uninstall pauses them together):
 * Bolt asks the store for `enterpriseId` when `isEnterpriseInstall` is set, and for `teamId` when not.
 */
import { webApi, type App, type Installation, type InstallationQuery, type InstallationStore } from '@slack/bolt';
import { LRUCache } from 'lru-cache';
import { DeliveryError } from '../../core/errors.js';
import { PAUSED_PREFIX, type WorkspaceInstallation } from '../../core/ports.js';
import type { PlatformContext } from '../platform.js';

/** The ids Bolt gives a listener's context, or an installation query. */
export interface WorkspaceIds {
  readonly teamId?: string | undefined;
  readonly enterpriseId?: string | undefined;
  readonly isEnterpriseInstall?: boolean | undefined;
}

/** What a workspace's targets and people are stored under. */
export function workspaceKey(ids: WorkspaceIds): string | undefined {
  return ids.isEnterpriseInstall && ids.enterpriseId ? ids.enterpriseId : ids.teamId;
}

/**
 * The workspace a request came from: with OAuth installs, the one Bolt resolved (remembered for the
 * person, whose DMs then use its token); with one token, the team the payload names.
 */
export async function requestWorkspace(installs: SlackInstallations | undefined, userId: string, ids: WorkspaceIds, teamId: string | undefined): Promise<string | undefined> {
  if (!installs) return teamId;
  const workspaceId = workspaceKey(ids);
  if (workspaceId) await installs.remember(userId, workspaceId);
  return workspaceId;
}

/** How long a workspace's client is reused before its token is read again (a reinstall replaces it). */
const CLIENT_TTL_MS = 5 * 60_000;
const CLIENT_CACHE_SIZE = 1000;

type Deps = Pick<PlatformContext, 'installations' | 'people' | 'clock' | 'logger'>;

export interface SlackInstallations {
  readonly store: InstallationStore;
  /** The Web API client holding the workspace's bot token; a DeliveryError when it is not installed. */
  clientFor(workspaceId: string | undefined, as: 'target' | 'person'): Promise<webApi.WebClient>;
  /** Records the workspace a person used a command in (their DMs use its token); repeated calls cost nothing. */
  remember(userId: string, workspaceId: string): Promise<void>;
  /** Handles `app_uninstalled` and `tokens_revoked` (bot tokens) on the app. */
  route(app: App): void;
}

export function createSlackInstallations(deps: Deps, clientOptions: webApi.WebClientOptions): SlackInstallations {
  const { installations, clock, logger } = deps;
  const clients = new LRUCache<string, webApi.WebClient>({ max: CLIENT_CACHE_SIZE, ttl: CLIENT_TTL_MS });
  /** Person → workspace already recorded by this process. */
  const remembered = new LRUCache<string, string>({ max: 10 * CLIENT_CACHE_SIZE });

  async function fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation> {
    const key = workspaceKey(query);
    const secret = key === undefined ? undefined : await installations.secret('slack', key);
    if (secret === undefined) throw new Error(`Paperboy is not installed in Slack workspace ${key ?? '(none)'}`);
    return JSON.parse(secret) as Installation;
  }

  const store: InstallationStore = {
    async storeInstallation(installation) {
      const orgWide = installation.isEnterpriseInstall === true;
      const key = workspaceKey({ teamId: installation.team?.id, enterpriseId: installation.enterprise?.id, isEnterpriseInstall: orgWide });
      if (key === undefined) throw new Error('the installation names neither a team nor an org');
      const record: WorkspaceInstallation = {
        platform: 'slack',
        workspaceId: key,
        teamId: installation.team?.id,
        enterpriseId: installation.enterprise?.id,
        orgWide,
      };
      const resumed = await installations.save(record, JSON.stringify(installation), clock.now());
      clients.delete(key);
      logger.info({ workspace: key, orgWide, resumed }, 'slack workspace installed');
    },
    fetchInstallation,
    async deleteInstallation(query) {
      await pause(workspaceKey(query), 'the app was removed');
    },
  };

  async function pause(key: string | undefined, why: string): Promise<void> {
    if (key === undefined) return;
    clients.delete(key);
    const reason = `${PAUSED_PREFIX}${why} from Slack workspace ${key}; installing it again resumes its digests and alerts.`;
    const paused = await installations.remove('slack', key, reason, clock.now());
    logger.warn({ workspace: key, paused }, 'slack workspace paused');
  }

  async function clientFor(workspaceId: string | undefined, as: 'target' | 'person'): Promise<webApi.WebClient> {
    const known = workspaceId === undefined ? undefined : clients.get(workspaceId);
    if (known) return known;
    let token: string | undefined;
    if (workspaceId !== undefined) {
      const secret = await installations.secret('slack', workspaceId);
      token = secret === undefined ? undefined : (JSON.parse(secret) as Installation).bot?.token;
    }
    if (workspaceId === undefined || token === undefined) {
      const kind = as === 'target' ? 'target-gone' : 'person-unreachable';
      const why = workspaceId
        ? `Paperboy is not installed in Slack workspace ${workspaceId}; installing it there again resumes delivery.`
        : 'Paperboy does not know which Slack workspace this is in; a command from there lets it know.';
      throw new DeliveryError(`${PAUSED_PREFIX}${why}`, kind);
    }
    const client = new webApi.WebClient(token, clientOptions);
    clients.set(workspaceId, client);
    return client;
  }

  function route(app: App): void {
    app.event('app_uninstalled', async ({ context }) => {
      await pause(workspaceKey(context), 'the app was uninstalled (app_uninstalled)');
    });
    app.event('tokens_revoked', async ({ event, context }) => {
      // Only the bot token matters: user tokens are never used.
      if ((event.tokens.bot ?? []).length === 0) return;
      await pause(workspaceKey(context), "the bot's token was revoked (tokens_revoked)");
    });
  }

  async function remember(userId: string, workspaceId: string): Promise<void> {
    if (remembered.get(userId) === workspaceId) return;
    await deps.people.setWorkspace({ platform: 'slack', userId }, workspaceId);
    remembered.set(userId, workspaceId);
  }

  return { store, clientFor, remember, route };
}
