/**
 * Who may change a channel's digest on Slack: a workspace admin or owner (users.info), or anyone in
 * ADMIN_USER_IDS. Answers are kept briefly so a burst of commands costs one lookup.
 */
import type { webApi } from '@slack/bolt';
import type { Clock } from '../../core/ports.js';
import type { Logger } from '../../logger.js';
import { slackErrorCode } from './errors.js';

export const ADMIN_CACHE_MS = 60_000;

export type AdminCheck = (userId: string) => Promise<boolean>;

export function createAdminCheck(deps: {
  readonly client: webApi.WebClient;
  readonly adminIds: readonly string[];
  readonly clock: Clock;
  readonly logger: Logger;
  readonly ttlMs?: number;
}): AdminCheck {
  const ttl = deps.ttlMs ?? ADMIN_CACHE_MS;
  const cache = new Map<string, { admin: boolean; until: number }>();

  return async (userId) => {
    if (deps.adminIds.includes(userId)) return true;
    const now = deps.clock.now().getTime();
    const known = cache.get(userId);
    if (known && known.until > now) return known.admin;
    let admin = false;
    try {
      const { user } = await deps.client.users.info({ user: userId });
      admin = Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner);
    } catch (error) {
      // Refusing is the safe answer; the person sees the usual "admins only" sentence.
      deps.logger.warn({ err: error, user: userId, code: slackErrorCode(error) }, 'slack users.info failed');
      return false;
    }
    cache.set(userId, { admin, until: now + ttl });
    return admin;
  };
}
