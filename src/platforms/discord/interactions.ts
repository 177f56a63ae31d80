/**
 * Routes Discord interactions: `/papers` commands and autocomplete through the shared dispatcher,
 * and the buttons under replies. What the command tree declares `slow` is deferred at once so the
 * 3-second answer window is never missed; everything else answers at once, or defers if it lingers.
 */
import {
  MessageFlags,
  PermissionFlagsBits,
  PermissionsBitField,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type GuildMember,
  type Interaction,
} from 'discord.js';
import { findSubcommand, papersCommand } from '../../../commands/index.js';
import type { CommandContext, OptionValues } from '../../../commands/types.js';
import type { Reply } from '../../core/message.js';
import { EXPIRED_BUTTON, pageButtons, turnPage } from '../page-buttons.js';
import type { PlatformContext } from '../platform.js';
import { parseCustomId, replyComponents } from './components.js';
import { renderAll, renderOne, type DiscordMessage } from './render-embeds.js';
import { clip } from './text.js';

/** Quick commands still get deferred if they have not answered by then. */
const DEFER_AFTER_MS = 1500;
const UNKNOWN_BUTTON = 'This button is from an older version of Paperboy; run the command again.';

type Repliable = ChatInputCommandInteraction | ButtonInteraction;

export function createInteractionRouter(context: PlatformContext) {
  const { dispatcher, services, interactions, clock, config } = context;
  const slow = (path: string) => findSubcommand(papersCommand, path)?.spec.slow === true;

  async function route(interaction: Interaction): Promise<void> {
    if (interaction.isChatInputCommand()) return command(interaction);
    if (interaction.isAutocomplete()) return autocomplete(interaction);
    if (interaction.isButton()) return button(interaction);
  }

  async function command(interaction: ChatInputCommandInteraction): Promise<void> {
    const path = commandPath(interaction);
    const options = leafOptions(interaction.options.data);
    const ctx = commandContext(interaction, typeof options.channel === 'string' ? options.channel : undefined);
    await answer(interaction, dispatcher.dispatch({ command: { name: path, options }, context: ctx }), {
      deferAtOnce: slow(path),
    });
  }

  async function button(interaction: ButtonInteraction): Promise<void> {
    const action = parseCustomId(interaction.customId);
    if (!action) return void (await interaction.reply(ephemeral(UNKNOWN_BUTTON)));
    const now = clock.now();
    if (action.kind === 'share') {
      const sharedBy = `<@${interaction.user.id}>`;
      await answer(interaction, services.paper.share(action.paperId, sharedBy, now), { deferAtOnce: false, public: true });
      return;
    }
    if (action.kind === 'run') {
      // 👍/👎, More like this and confirmations answer the presser alone, wherever the button is (a digest in a channel too).
      const reply = dispatcher.dispatch({ command: action.command, context: commandContext(interaction) });
      await answer(interaction, reply.then((r) => ({ ...r, visibility: 'private' as const })), { deferAtOnce: slow(action.command.name) });
      return;
    }
    const page = await turnPage(interactions, action.stateId, action.page, now);
    if (!page) return void (await interaction.reply(ephemeral(EXPIRED_BUTTON)));
    // The page replaces the message the button sits on.
    await interaction.deferUpdate();
    const reply = await dispatcher.dispatch({ command: page, context: commandContext(interaction) });
    const [first] = await withComponents(reply, action.stateId);
    await interaction.editReply(toOptions(first!));
  }

  async function autocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const focused = interaction.options.getFocused(true);
    const values = await dispatcher.suggest({
      command: commandPath(interaction),
      option: focused.name,
      partial: String(focused.value),
      context: commandContext(interaction),
    });
    // A choice's value is at most 100 characters; a longer topic can still be removed by number.
    const choices = values.filter((v) => v.length <= 100).slice(0, 25).map((v) => ({ name: clip(v, 100), value: v }));
    await interaction.respond(choices);
  }

  /**
   * Sends the reply: at once when the work is quick, else after a defer. Private replies are
   * ephemeral; extra messages (a long abstract, long help) follow as follow-ups.
   */
  async function answer(interaction: Repliable, work: Promise<Reply>, how: { deferAtOnce: boolean; public?: boolean }): Promise<void> {
    // The work may fail while the defer is in flight; the failure is awaited below, not lost.
    work.catch(() => undefined);
    let deferred = false;
    const defer = async (reply?: Reply) => {
      deferred = true;
      const hidden = reply ? reply.visibility === 'private' : !how.public;
      await interaction.deferReply(hidden ? { flags: MessageFlags.Ephemeral } : {});
    };
    let reply: Reply;
    if (how.deferAtOnce) {
      await defer();
      reply = await work;
    } else {
      const quick = await Promise.race([work, sleep(DEFER_AFTER_MS).then(() => undefined)]);
      if (quick === undefined) await defer();
      reply = quick ?? (await work);
    }
    const hidden = reply.visibility === 'private';
    const [first, ...rest] = await withComponents(reply);
    if (deferred) await interaction.editReply(toOptions(first!));
    else await interaction.reply({ ...toOptions(first!), ...(hidden ? { flags: MessageFlags.Ephemeral as const } : {}) });
    for (const more of rest) await interaction.followUp({ ...toOptions(more), ...(hidden ? { flags: MessageFlags.Ephemeral as const } : {}) });
  }

  /** Rendered messages, with Share and paging buttons; a paged list saves how it was asked for. */
  async function withComponents(reply: Reply, stateId?: string): Promise<DiscordMessage[]> {
    const messages = reply.paging || reply.blocks.some((b) => b.type === 'papers' && b.detail === 'brief') ? [renderOne(reply)] : renderAll(reply);
    const rows = replyComponents(reply, await pageButtons(reply, interactions, clock.now(), stateId));
    // Buttons go under the papers: the first message for a list, the last for one paper in full.
    const at = reply.blocks.some((b) => b.type === 'papers' && b.detail === 'full') ? messages.length - 1 : 0;
    if (rows.length > 0) messages[at] = { ...messages[at]!, components: rows };
    return messages;
  }

  function commandContext(interaction: Repliable | AutocompleteInteraction, channelOption?: string): CommandContext {
    const userId = interaction.user.id;
    const guildId = interaction.guildId ?? undefined;
    return {
      person: { platform: 'discord', userId },
      target: interaction.channelId ? { platform: 'discord', channelId: interaction.channelId, workspaceId: guildId } : undefined,
      isAdmin: isAdmin(interaction, channelOption),
      now: clock.now(),
    };
  }

  /**
   * Manage Server anywhere in the guild, Manage Channels in the channel being configured, or
   * ADMIN_USER_IDS. Discord computes `memberPermissions` for the channel the command runs in.
   */
  function isAdmin(interaction: Repliable | AutocompleteInteraction, channelOption?: string): boolean {
    if (config.ADMIN_USER_IDS.includes(interaction.user.id)) return true;
    const perms = interaction.memberPermissions;
    if (!perms || !interaction.inGuild()) return false;
    if (perms.has(PermissionFlagsBits.ManageGuild)) return true;
    if (!channelOption || channelOption === interaction.channelId) return perms.has(PermissionFlagsBits.ManageChannels);
    // Discord sends the member's permissions in a channel given as an option; a process without the
    // gateway (no guild cache) has only these.
    const resolved = resolvedPermissions(interaction, channelOption);
    if (resolved) return resolved.has(PermissionFlagsBits.ManageChannels);
    const channel = interaction.guild?.channels.cache.get(channelOption);
    const member = interaction.member as GuildMember | null;
    if (!channel || !member || !('permissionsFor' in channel)) return false;
    return channel.permissionsFor(member)?.has(PermissionFlagsBits.ManageChannels) ?? false;
  }

  return { route };
}

/** The invoking member's permissions in a channel given as an option, as Discord resolved them. */
function resolvedPermissions(interaction: Repliable | AutocompleteInteraction, channelId: string): PermissionsBitField | undefined {
  if (!interaction.isChatInputCommand()) return undefined;
  const permissions = (interaction.options.resolved?.channels?.get(channelId) as { permissions?: unknown } | undefined)?.permissions;
  if (permissions instanceof PermissionsBitField) return permissions;
  return typeof permissions === 'string' && /^\d+$/.test(permissions) ? new PermissionsBitField(BigInt(permissions)) : undefined;
}

/** `search`, `digest set`: the subcommand path, as the command tree names it. */
function commandPath(interaction: ChatInputCommandInteraction | AutocompleteInteraction): string {
  const group = interaction.options.getSubcommandGroup(false);
  const sub = interaction.options.getSubcommand(false) ?? '';
  return group ? `${group} ${sub}` : sub;
}

/** Option values by name from the leaf of the subcommand tree. */
function leafOptions(data: readonly CommandInteractionOption[]): OptionValues {
  const out: Record<string, string | number> = {};
  const walk = (options: readonly CommandInteractionOption[]) => {
    for (const option of options) {
      if (option.options) walk(option.options);
      else if (option.value !== undefined && option.value !== null && typeof option.value !== 'boolean') out[option.name] = option.value;
    }
  };
  walk(data);
  return out;
}

/** discord.js's option names for a rendered message; content is always set so an edit replaces it. */
function toOptions(message: DiscordMessage) {
  return { content: message.content ?? '', embeds: message.embeds, components: message.components ?? [], allowedMentions: { parse: [] } };
}

function ephemeral(content: string) {
  return { content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms).unref());
}
