/**
 * The /papers slash command as Discord's JSON, derived from the tree in commands/, and its
 * registration: bulk-overwrite (PUT) of the whole set, globally or in one guild. `start` registers
 * only when the payload's hash differs from the one remembered for that application and scope.
 */
import { createHash } from 'node:crypto';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  REST,
  Routes,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandTree, OptionSpec, SubcommandSpec } from '../../../commands/types.js';
import { UserError } from '../../core/errors.js';
import type { PlatformContext } from '../platform.js';
import { asUserFacingLoginError } from './errors.js';

export type CommandPayload = RESTPutAPIApplicationCommandsJSONBody;

/**
 * Discord gives default permissions per top-level command only, and `/papers` is one command: a
 * default of Manage Server would hide `search` from everyone else. So no default is set, the
 * admin subcommands say who may run them, and the digest use-case checks on the server side.
 */
export function buildCommandPayload(tree: CommandTree): CommandPayload {
  return [
    {
      type: ApplicationCommandType.ChatInput,
      name: tree.name,
      description: tree.description,
      default_member_permissions: null,
      contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
      integration_types: [ApplicationIntegrationType.GuildInstall],
      options: tree.children.map((child) =>
        child.kind === 'group'
          ? {
              type: ApplicationCommandOptionType.SubcommandGroup,
              name: child.name,
              description: child.description,
              options: child.subcommands.map(subcommand),
            }
          : subcommand(child),
      ),
    },
  ];
}

function subcommand(spec: SubcommandSpec): APIApplicationCommandSubcommandOption {
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: spec.name,
    description: spec.description,
    options: spec.options.filter((o) => !o.textOnly).map(option),
  };
}

function option(spec: OptionSpec): APIApplicationCommandBasicOption {
  const base = { name: spec.name, description: spec.description, required: spec.required ?? false };
  switch (spec.type) {
    case 'integer':
      return {
        ...base,
        type: ApplicationCommandOptionType.Integer,
        ...(spec.min === undefined ? {} : { min_value: spec.min }),
        ...(spec.max === undefined ? {} : { max_value: spec.max }),
      };
    case 'channel':
      return { ...base, type: ApplicationCommandOptionType.Channel, channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement] };
    case 'choice':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        choices: (spec.choices ?? []).map((c) => ({ name: c, value: c })),
      };
    case 'string':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        ...(spec.minLength === undefined ? {} : { min_length: spec.minLength }),
        ...(spec.maxLength === undefined ? {} : { max_length: spec.maxLength }),
        ...(spec.autocomplete ? { autocomplete: true } : {}),
      };
  }
}

export function payloadHash(payload: CommandPayload): string {
  return createHash('sha256').update(JSON.stringify(payload)).digest('hex');
}

export type RegistrationContext = Pick<PlatformContext, 'config' | 'meta' | 'clock' | 'logger'>;

export interface RegistrationOptions {
  /** Register in one guild (instant, for testing) instead of globally. */
  readonly guildId?: string | undefined;
  /** Only PUT when the payload changed since the last registration for this scope. */
  readonly onlyIfChanged?: boolean;
  /** A REST client already holding the token (the adapter's); otherwise one is made from config. */
  readonly rest?: REST;
  readonly applicationId?: string;
}

export interface RegistrationResult {
  readonly scope: string;
  readonly commands: number;
  /** False when the remembered hash matched and nothing was sent. */
  readonly registered: boolean;
}

/** `paperboy register-commands [--guild ID]`, and the check `start` runs. */
export async function registerCommands(
  context: RegistrationContext,
  tree: CommandTree,
  options: RegistrationOptions = {},
): Promise<RegistrationResult> {
  const rest = options.rest ?? restFor(context.config);
  let applicationId = options.applicationId;
  if (!applicationId) {
    try {
      applicationId = ((await rest.get(Routes.currentApplication())) as { id: string }).id;
    } catch (error) {
      throw asUserFacingLoginError(error);
    }
  }
  const scope = options.guildId ? `guild:${options.guildId}` : 'global';
  const key = `discord.commands.${applicationId}.${scope}`;
  const payload = buildCommandPayload(tree);
  const hash = payloadHash(payload);
  if (options.onlyIfChanged && (await context.meta.get(key)) === hash) {
    return { scope, commands: payload.length, registered: false };
  }
  const route = options.guildId
    ? Routes.applicationGuildCommands(applicationId, options.guildId)
    : Routes.applicationCommands(applicationId);
  await rest.put(route, { body: payload });
  await context.meta.set(key, hash, context.clock.now());
  context.logger.info({ scope, commands: payload.length }, 'Discord commands registered');
  return { scope, commands: payload.length, registered: true };
}

export function restFor(config: PlatformContext['config']): REST {
  if (!config.DISCORD_TOKEN) throw new UserError('DISCORD_TOKEN is not set; put the bot token from the Developer Portal in .env.');
  return new REST({ version: '10', ...(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}) }).setToken(config.DISCORD_TOKEN);
}
