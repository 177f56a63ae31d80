/**
 * The Discord adapter: a discord.js Client on the gateway with only the Guilds intent. It serves
 * `/papers` through the shared dispatcher, delivers digests and DMs as a Messenger, keeps the
 * registered commands in step with commands/, and disables targets the bot can no longer reach.
 */
import {
  Client,
  Events,
  GatewayIntentBits,
  OAuth2Scopes,
  PermissionFlagsBits,
  PermissionsBitField,
  REST,
  Routes,
  Status,
  type Guild,
  type Interaction,
} from 'discord.js';
import { papersCommand } from '../../../commands/index.js';
import { UserError } from '../../core/errors.js';
import { createInFlight, STOP_DRAIN_MS } from '../../core/in-flight.js';
import type { TargetRef } from '../../core/ports.js';
import { botIdentity, type ChatAdapter, type PlatformContext } from '../platform.js';
import { asUserFacingLoginError, describeError } from './errors.js';
import { createDmOpener, type DmOpener } from './dm-opener.js';
import { createGlobalGate, gatedMakeRequest } from './global-gate.js';
import { interactionsRoute } from './http-interactions.js';
import { createInteractionRouter } from './interactions.js';
import { createDiscordMessenger } from './messenger.js';
import { registerCommands } from './registration.js';
import { shardOptions } from './shards.js';

/** What the bot needs in a channel: read it, post embeds, start and post in the digest's thread. */
export const BOT_PERMISSIONS = new PermissionsBitField([
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.CreatePublicThreads,
  PermissionFlagsBits.SendMessagesInThreads,
  PermissionFlagsBits.ReadMessageHistory,
]);
const SOMETHING_WRONG = 'Something went wrong on our side; please try again in a minute.';

export function inviteUrl(applicationId: string): string {
  const params = new URLSearchParams({
    client_id: applicationId,
    scope: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' '),
    permissions: BOT_PERMISSIONS.bitfield.toString(),
  });
  return `https://discord.com/oauth2/authorize?${params.toString()}`;
}

export interface DiscordAdapterOptions {
  /** Register commands in this guild instead of globally (development). */
  readonly guildId?: string;
  /** Skip the registration check at start (tests that do not care about it). */
  readonly register?: boolean;
}

export interface DiscordAdapter extends ChatAdapter {
  /** The running client, once started. */
  readonly client: Client | undefined;
}

export function createDiscordAdapter(context: PlatformContext, options: DiscordAdapterOptions = {}): DiscordAdapter {
  const { config, logger } = context;
  const log = logger.child({ platform: 'discord' });
  let client: Client | undefined;
  let dmOpener: DmOpener | undefined;
  const inFlight = createInFlight();
  const router = createInteractionRouter(context);
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The Discord adapter is not started.');
    return value;
  };
  const messenger = createDiscordMessenger(context, () => started(client), () => started(dmOpener));
  const gateway = config.DISCORD_GATEWAY !== 'off';
  /** Set once start() has finished: interactions over HTTP are served from then until stop(). */
  let serving = false;

  if (config.DISCORD_PUBLIC_KEY) {
    if (!context.routes) throw new UserError('DISCORD_PUBLIC_KEY needs HTTP_PORT: Discord posts interactions to /discord/interactions on it.');
    context.routes.add(interactionsRoute({ publicKey: config.DISCORD_PUBLIC_KEY, clock: context.clock, logger: log, deliver }));
  }

  /** An interaction that came over HTTP, into the router the gateway feeds (discord.js builds the same objects from it). */
  function deliver(data: Record<string, unknown>): boolean {
    if (!serving || !client) return false;
    (client as unknown as { actions: { InteractionCreate: { handle(raw: unknown): void } } }).actions.InteractionCreate.handle(data);
    return true;
  }

  /** The one error boundary: log, then tell the person, whatever state the interaction is in. */
  async function onInteraction(interaction: Interaction): Promise<void> {
    try {
      await router.route(interaction);
    } catch (error) {
      log.error({ err: describeError(error), interaction: interaction.id, type: interaction.type }, 'interaction failed');
      try {
        if (interaction.isAutocomplete()) {
          if (!interaction.responded) await interaction.respond([]);
        } else if (interaction.isRepliable()) {
          const notice = { content: SOMETHING_WRONG, flags: 64 as const, allowedMentions: { parse: [] } };
          if (interaction.deferred && !interaction.replied) await interaction.editReply({ content: SOMETHING_WRONG, embeds: [], components: [] });
          else if (interaction.replied || interaction.deferred) await interaction.followUp(notice);
          else await interaction.reply(notice);
        }
      } catch (second) {
        log.warn({ err: describeError(second) }, 'could not tell the person about the failure');
      }
    }
  }

  async function onGuildDelete(guild: Guild): Promise<void> {
    // discord.js reports an outage as guildUnavailable; guildDelete means the bot is out of the server.
    const reason = `the bot left or was removed from server ${guild.id}`;
    const now = context.clock.now();
    for (const settings of await context.digests.listEnabled()) {
      if (settings.target.platform === 'discord' && settings.target.workspaceId === guild.id) {
        await context.digests.disable(settings.target, reason, now);
        log.warn({ target: settings.target, reason }, 'Discord digest disabled');
      }
    }
  }

  async function onChannelGone(target: TargetRef): Promise<void> {
    // Every kind of digest the channel had goes with it.
    if (!(await context.digests.ofChannel(target)).some((s) => s.enabled)) return;
    const reason = `channel ${target.channelId} was deleted`;
    await context.digests.disable(target, reason, context.clock.now());
    log.warn({ target, reason }, 'Discord digest disabled');
  }

  async function start(): Promise<void> {
    if (!config.DISCORD_TOKEN) throw new UserError('DISCORD_TOKEN is not set; put the bot token from the Developer Portal in .env.');
    const gate = createGlobalGate();
    const token = config.DISCORD_TOKEN;
    const shards = !gateway ? {} : await shardOptions(config, async () => {
      const rest = new REST(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}).setToken(token);
      try {
        return ((await rest.get(Routes.gatewayBot())) as { shards: number }).shards;
      } catch (error) {
        throw asUserFacingLoginError(error);
      }
    });
    const created = new Client({
      intents: [GatewayIntentBits.Guilds],
      ...shards,
      allowedMentions: { parse: [] },
      rest: {
        ...(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}),
        // Our gate keeps the global limit (see global-gate.ts); discord.js's own count, which can let
        // a request land in Discord's previous second, is switched off. It still obeys a global 429
        // should one come, and keeps each route's bucket from the headers as before.
        makeRequest: gatedMakeRequest(gate),
        globalRequestsPerSecond: Number.POSITIVE_INFINITY,
      },
    });
    client = created;
    dmOpener = createDmOpener({ token: config.DISCORD_TOKEN, api: config.DISCORD_API_URL, gate });
    created.on(Events.InteractionCreate, (interaction) => {
      void inFlight.track(onInteraction(interaction));
    });
    created.on(Events.GuildDelete, (guild) => {
      onGuildDelete(guild).catch((error: unknown) => log.error({ err: describeError(error) }, 'guildDelete handling failed'));
    });
    created.on(Events.ChannelDelete, (channel) => {
      if (channel.isDMBased()) return;
      onChannelGone({ platform: 'discord', channelId: channel.id, workspaceId: channel.guildId }).catch((error: unknown) =>
        log.error({ err: describeError(error) }, 'channelDelete handling failed'),
      );
    });
    created.on(Events.Error, (error) => log.error({ err: describeError(error) }, 'Discord client error'));
    let applicationId: string;
    try {
      applicationId = gateway ? await connect(created, token) : await restOnly(created, token);
    } catch (error) {
      client = undefined;
      dmOpener?.stop();
      dmOpener = undefined;
      await created.destroy();
      throw asUserFacingLoginError(error);
    }
    if (gateway) {
      const running = { shards: created.options.shards, shardCount: created.options.shardCount };
      log.info({ user: created.user!.tag, guilds: created.guilds.cache.size, ...running, invite: inviteUrl(applicationId) }, 'Discord ready; invite the bot with this URL');
    } else {
      log.info({ invite: inviteUrl(applicationId) }, 'Discord ready over HTTP and REST (no gateway); invite the bot with this URL');
    }
    if (options.register !== false) {
      try {
        await registerCommands({ ...context, logger: log }, papersCommand, {
          rest: created.rest,
          applicationId,
          guildId: options.guildId,
          onlyIfChanged: true,
        });
      } catch (error) {
        // Commands registered earlier keep working; a failed update is worth a warning, not a stop.
        log.warn({ err: describeError(error) }, 'Discord command registration failed');
      }
    }
    serving = true;
  }

  /** Logs in on the gateway and waits for every shard to be ready; the application's id. */
  async function connect(created: Client, token: string): Promise<string> {
    const ready = new Promise<Client<true>>((resolve, reject) => {
      created.once(Events.ClientReady, resolve);
      created.on(Events.ShardDisconnect, (event) => reject(asUserFacingLoginError({ code: event.code })));
    });
    ready.catch(() => undefined);
    await Promise.race([created.login(token).then(() => ready), ready]);
    return created.application?.id ?? created.user!.id;
  }

  /**
   * No gateway session (DISCORD_GATEWAY=off): REST with the token, checked once by asking who the
   * application is; commands come over HTTP, and a server that removed the bot shows in REST errors.
   */
  async function restOnly(created: Client, token: string): Promise<string> {
    created.token = token;
    created.rest.setToken(token);
    const application = (await created.rest.get(Routes.currentApplication())) as { id: string };
    return application.id;
  }

  async function stop(): Promise<void> {
    const running = client;
    if (!running) return;
    serving = false;
    client = undefined;
    dmOpener?.stop();
    dmOpener = undefined;
    running.removeAllListeners(Events.InteractionCreate);
    await inFlight.drain(STOP_DRAIN_MS);
    await running.destroy();
  }

  function health() {
    if (!gateway) return serving ? { ok: true, detail: 'HTTP interactions and REST, no gateway' } : { ok: false, detail: 'not started' };
    if (!client?.isReady()) return { ok: false, detail: 'not connected to the gateway' };
    const status = client.ws.status;
    if (status !== Status.Ready) return { ok: false, detail: `gateway ${Status[status]?.toLowerCase() ?? 'not ready'}` };
    return { ok: true, detail: `gateway connected, ${client.guilds.cache.size} servers` };
  }

  return {
    platform: 'discord',
    // Discord's global limit is the bot's: every process with its token takes turns delivering.
    identity: config.DISCORD_TOKEN ? botIdentity('discord', config.DISCORD_TOKEN) : undefined,
    get client() {
      return client;
    },
    start,
    stop,
    health,
    post: (target, message, postOptions) => messenger.post(target, message, postOptions),
    findPosted: (target, key) => messenger.findPosted!(target, key),
    sendDirect: (person, message, directOptions) => messenger.sendDirect(person, message, directOptions),
  };
}
