/**
 * Gateway and interaction payloads in Discord's shape, for the fake Discord. Everything here is
 * invented: ids are local snowflakes, names are made up.
 */

type Json = Record<string, unknown>;

export interface FakeUser {
  readonly id: string;
  readonly username: string;
}

export interface FakeChannel {
  readonly id: string;
  /** 0 text, 1 DM, 5 announcement, 11 public thread, 15 forum. */
  readonly type: number;
  readonly name?: string;
  readonly guildId?: string;
  readonly parentId?: string;
  readonly recipientId?: string;
  /** The bot cannot see it: sending answers 50001 Missing Access. */
  noAccess?: boolean;
  /** The bot may not post: 50013 Missing Permissions. */
  noPermission?: boolean;
  /** Threads cannot be started from its messages: 50024 / 160004-like refusal. */
  noThreads?: boolean;
}

export interface FakeGuild {
  readonly id: string;
  readonly name: string;
  readonly ownerId: string;
}

/** Permission bits used by the tests. */
export const PERMISSIONS = {
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  manageChannels: 1n << 4n,
  manageGuild: 1n << 5n,
  administrator: 1n << 3n,
} as const;

export const MEMBER_PERMISSIONS = (PERMISSIONS.viewChannel | PERMISSIONS.sendMessages).toString();
export const MANAGER_PERMISSIONS = (PERMISSIONS.viewChannel | PERMISSIONS.sendMessages | PERMISSIONS.manageGuild).toString();

export function userJson(user: FakeUser, bot = false): Json {
  return { id: user.id, username: user.username, discriminator: '0', global_name: user.username, avatar: null, ...(bot ? { bot: true } : {}) };
}

export function channelJson(channel: FakeChannel, users: ReadonlyMap<string, FakeUser>): Json {
  const base: Json = { id: channel.id, type: channel.type, flags: 0, last_message_id: null };
  if (channel.type === 1) {
    const recipient = channel.recipientId ? users.get(channel.recipientId) : undefined;
    return { ...base, recipients: recipient ? [userJson(recipient)] : [] };
  }
  return {
    ...base,
    name: channel.name ?? `channel-${channel.id}`,
    guild_id: channel.guildId,
    position: 0,
    permission_overwrites: [],
    nsfw: false,
    parent_id: channel.parentId ?? null,
    ...(channel.type === 11
      ? { owner_id: undefined, thread_metadata: { archived: false, auto_archive_duration: 1440, locked: false, archive_timestamp: new Date().toISOString() }, member_count: 1, message_count: 0 }
      : { topic: null, rate_limit_per_user: 0 }),
  };
}

export function guildCreateJson(guild: FakeGuild, channels: readonly FakeChannel[], bot: FakeUser, users: ReadonlyMap<string, FakeUser>): Json {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [{ id: guild.id, name: '@everyone', color: 0, hoist: false, position: 0, permissions: MEMBER_PERMISSIONS, managed: false, mentionable: false, flags: 0 }],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: new Date(0).toISOString(),
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    members: [{ user: userJson(bot, true), roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 }],
    channels: channels.filter((c) => c.guildId === guild.id && c.type !== 11).map((c) => channelJson(c, users)),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
  };
}

export interface InvocationSpec {
  readonly user: FakeUser;
  /** The channel the command runs in (a guild channel, or a DM channel). */
  readonly channel: FakeChannel;
  /** Member permissions in that channel (a decimal bitfield); default: an ordinary member. */
  readonly permissions?: string;
  /** The member's permissions in other channels, sent with a channel option as Discord resolves it; default `permissions`. */
  readonly channelPermissions?: Readonly<Record<string, string>>;
}

/** An option of a chat-input command as Discord sends it. */
export interface SentOption {
  readonly name: string;
  readonly type: number;
  readonly value?: string | number;
  readonly focused?: boolean;
  readonly options?: readonly SentOption[];
}

export function interactionBase(
  spec: InvocationSpec,
  ids: { id: string; token: string; applicationId: string },
  users: ReadonlyMap<string, FakeUser>,
): Json {
  const inGuild = spec.channel.guildId !== undefined;
  const permissions = spec.permissions ?? MEMBER_PERMISSIONS;
  return {
    id: ids.id,
    application_id: ids.applicationId,
    token: ids.token,
    version: 1,
    locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': inGuild ? spec.channel.guildId : undefined },
    context: inGuild ? 0 : 1,
    app_permissions: (PERMISSIONS.viewChannel | PERMISSIONS.sendMessages | (1n << 14n) | (1n << 35n) | (1n << 38n) | (1n << 16n)).toString(),
    channel_id: spec.channel.id,
    channel: { ...channelJson(spec.channel, users), ...(inGuild ? { permissions } : {}) },
    ...(inGuild
      ? {
          guild_id: spec.channel.guildId,
          guild_locale: 'en-US',
          guild: { id: spec.channel.guildId, locale: 'en-US', features: [] },
          member: { user: userJson(spec.user), roles: [], permissions, joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0, pending: false, nick: null, avatar: null },
        }
      : { user: userJson(spec.user) }),
  };
}
