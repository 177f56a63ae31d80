/**
 * `/papers …` on Slack: acknowledged at once (Slack allows 3 s), read by the shared text parser,
 * run by the shared dispatcher, answered through the response_url.
 */
import type { App, SlashCommand, webApi } from '@slack/bolt';
import { papersCommand } from '../../../commands/index.js';
import { findSubcommand } from '../../../commands/tree.js';
import { parseCommandText } from '../../../commands/parse-text.js';
import type { CommandContext } from '../../../commands/types.js';
import { UsageError } from '../../core/errors.js';
import type { Reply } from '../../core/message.js';
import type { PlatformContext } from '../platform.js';
import type { AdminCheck } from './admin.js';
import { requestWorkspace, type SlackInstallations } from './installations.js';
import { decodeCommandText } from './escape.js';
import { answerFailure, responseFor } from './respond.js';

/** `installs`: with OAuth installs, the workspace is the installation's, and each person's is remembered for their DMs. */
export function routeCommands(app: App, context: PlatformContext, isAdmin: AdminCheck, installs: SlackInstallations | undefined): void {
  const logger = context.logger;

  // Any command name: the app declares one, and operators may rename it (/papers-dev).
  app.command(/.*/, async ({ command, ack, respond, client, context: ids }) => {
    await ack();
    try {
      const now = context.clock.now();
      const workspaceId = await requestWorkspace(installs, command.user_id, ids, command.team_id);
      const reply = await answer(command, workspaceId, client, now);
      await respond(await responseFor(reply, context, now));
    } catch (error) {
      await answerFailure(error, respond, logger, { command: command.command, user: command.user_id, channel: command.channel_id });
    }
  });

  async function answer(command: SlashCommand, workspaceId: string | undefined, client: webApi.WebClient, now: Date): Promise<Reply> {
    const parsed = parseCommandText(decodeCommandText(command.text));
    const base = {
      person: { platform: 'slack' as const, userId: command.user_id },
      // DM channel ids start with D: a command there has no channel to configure.
      target: command.channel_id.startsWith('D')
        ? undefined
        : { platform: 'slack' as const, channelId: command.channel_id, workspaceId },
      now,
    };
    if (parsed instanceof UsageError) return usageReply(parsed, { ...base, isAdmin: false });
    // Only admin subcommands look at isAdmin, so only they pay for the users.info lookup.
    const admin = findSubcommand(papersCommand, parsed.name)?.spec.admin === true
      ? await isAdmin(command.user_id, client)
      : context.config.ADMIN_USER_IDS.includes(command.user_id);
    return context.dispatcher.dispatch({ command: parsed, context: { ...base, isAdmin: admin } });
  }

  /** The sentence, then the help of the subcommand nearest to what was typed. */
  async function usageReply(error: UsageError, commandContext: CommandContext): Promise<Reply> {
    const path = (error.usage ?? '')
      .split(/\s+/)
      .slice(1)
      .filter((word) => /^[a-z]/.test(word))
      .join(' ');
    const help = await context.dispatcher.dispatch({ command: { name: 'help', options: { command: path } }, context: commandContext });
    return { visibility: 'private', blocks: [{ type: 'notice', tone: 'error', text: error.message }, ...help.blocks] };
  }
}
