/**
 * Who may change a channel's digest on Slack: a workspace admin or owner (users.info), or anyone in
 * ADMIN_USER_IDS. Answers are kept briefly so a burst of commands costs one lookup.
 */
import type { webApi } from '@slack/bolt';
import { LRUCache } from 'lru-cache';
import type { Clock } from '../../core/ports.js';
import type { Logger } from '../../logger.js';
import { slackErrorCode } from './errors.js';

export const ADMIN_CACHE_MS = 60_000;
/** People remembered at once; the least recently asked about are forgotten first. */
const ADMIN_CACHE_SIZE = 1000;

/** `client` is the asking workspace's (its token can read its own members). */
export type AdminCheck = (userId: string, client: webApi.WebClient) => Promise<boolean>;

export function createAdminCheck(deps: {
  readonly adminIds: readonly string[];
  readonly clock: Clock;
  readonly logger: Logger;
  readonly ttlMs?: number;
}): AdminCheck {
  const cache = new LRUCache<string, boolean>({
    max: ADMIN_CACHE_SIZE,
    ttl: deps.ttlMs ?? ADMIN_CACHE_MS,
    // Expiry follows the injected clock, read at every lookup (no cached reading of it).
    perf: { now: () => deps.clock.now().getTime() },
    ttlResolution: 0,
  });

  return async (userId, client) => {
    if (deps.adminIds.includes(userId)) return true;
    const known = cache.get(userId);
    if (known !== undefined) return known;
    let admin = false;
    try {
      const { user } = await client.users.info({ user: userId });
      admin = Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner);
    } catch (error) {
      // Refusing is the safe answer; the person sees the usual "admins only" sentence.
      deps.logger.warn({ err: error, user: userId, code: slackErrorCode(error) }, 'slack users.info failed');
      return false;
    }
    cache.set(userId, admin);
    return admin;
  };
}
