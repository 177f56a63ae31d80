/**
 * Which gateway shards this process runs. Discord sends each guild's events (its commands among
 * them) on shard `(guild_id >> 22) % shard_count`, and DMs on shard 0, so replicas that split the
 * shards between them each answer the guilds of theirs; digests and alerts go over REST from any
 * replica, once, through the claims. Defaults: Discord's recommended count (GET /gateway/bot), all
 * of its shards.
 */
import type { ClientOptions } from 'discord.js';
import { UserError } from '../../core/errors.js';

export interface ShardSettings {
  readonly DISCORD_SHARD_COUNT?: number | undefined;
  readonly DISCORD_SHARD_IDS?: readonly number[] | undefined;
}

/** The Client's `shards`/`shardCount`; asks Discord for its recommendation only when ids are given without a count. */
export async function shardOptions(
  settings: ShardSettings,
  recommended: () => Promise<number>,
): Promise<Pick<ClientOptions, 'shards' | 'shardCount'>> {
  const ids = settings.DISCORD_SHARD_IDS;
  let count = settings.DISCORD_SHARD_COUNT;
  if (count === undefined && ids === undefined) return { shards: 'auto' };
  if (count === undefined) {
    count = await recommended();
    const beyond = ids!.find((id) => id >= count!);
    if (beyond !== undefined) {
      throw new UserError(
        `DISCORD_SHARD_IDS names shard ${beyond}, but Discord recommends ${count} shard${count === 1 ? '' : 's'} (0 to ${count - 1}); set DISCORD_SHARD_COUNT to run more.`,
      );
    }
  }
  return { shards: ids ? [...ids] : Array.from({ length: count }, (_, id) => id), shardCount: count };
}

