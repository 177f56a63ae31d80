import { describe, expect, it } from 'vitest';
import { loadConfig, parseShardIds } from '../../src/config.js';
import { UserError } from '../../src/core/errors.js';
import { shardOptions } from '../../src/platforms/discord/shards.js';

const never = async (): Promise<number> => {
  throw new Error('Discord was not meant to be asked');
};

describe('Discord shards', () => {
  it('reads DISCORD_SHARD_IDS as a list, a range, or both', () => {
    expect(parseShardIds('0,2')).toEqual([0, 2]);
    expect(parseShardIds('0-3')).toEqual([0, 1, 2, 3]);
    expect(parseShardIds(' 4-5, 0 ,5')).toEqual([0, 4, 5]);
    for (const bad of ['', 'a', '3-1', '1,,2', '-1', '0-']) expect(parseShardIds(bad)).toBeUndefined();
  });

  it('refuses ids beyond the count, and a list that is not one, in one sentence', () => {
    expect(() => loadConfig({ DISCORD_SHARD_COUNT: '2', DISCORD_SHARD_IDS: '0-2' })).toThrow(/^DISCORD_SHARD_IDS names shard 2, but DISCORD_SHARD_COUNT is 2 \(shards are numbered 0 to 1\)\.$/);
    expect(() => loadConfig({ DISCORD_SHARD_IDS: 'first' })).toThrow(/^DISCORD_SHARD_IDS must be shard ids as a list or a range, such as 0,2 or 0-3/);
  });

  it("defaults to Discord's recommendation for every shard, asking Discord itself only for ids without a count", async () => {
    expect(await shardOptions({}, never)).toEqual({ shards: 'auto' });
    expect(await shardOptions({ DISCORD_SHARD_COUNT: 3 }, never)).toEqual({ shards: [0, 1, 2], shardCount: 3 });
    expect(await shardOptions({ DISCORD_SHARD_COUNT: 4, DISCORD_SHARD_IDS: [1, 3] }, never)).toEqual({ shards: [1, 3], shardCount: 4 });
    expect(await shardOptions({ DISCORD_SHARD_IDS: [2] }, async () => 4)).toEqual({ shards: [2], shardCount: 4 });
    const beyond = shardOptions({ DISCORD_SHARD_IDS: [0, 3] }, async () => 2);
    await expect(beyond).rejects.toBeInstanceOf(UserError);
    await expect(beyond).rejects.toThrow(/Discord recommends 2 shards \(0 to 1\); set DISCORD_SHARD_COUNT/);
  });

});
