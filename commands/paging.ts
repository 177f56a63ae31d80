/**
 * Paged replies, for any subcommand that declares `pagedBy`: the dispatcher records how a list was
 * asked for, and a platform turns the page by running the same subcommand with another page number
 * (Discord and Slack from buttons, the console from a line it suggests).
 */
import type { Paging, Reply } from '../src/core/message.js';
import { papersCommand } from './index.js';
import { findSubcommand, type SubcommandEntry } from './tree.js';
import type { CommandTree, OptionValues, ParsedCommand } from './types.js';

/** The reply with its paging tied to the invocation that gave it; unchanged when the subcommand does not page. */
export function withPagingArgs(reply: Reply, entry: SubcommandEntry, options: OptionValues): Reply {
  const by = entry.spec.pagedBy;
  if (!by || !reply.paging) return reply;
  const args = Object.fromEntries(Object.entries(options).filter(([name]) => name !== by));
  return { ...reply, paging: { ...reply.paging, command: entry.path, args } };
}

/** The command that shows `page` of the same list; undefined when the list cannot be paged again. */
export function pageCommand(paging: Pick<Paging, 'command' | 'args'>, page: number, tree: CommandTree = papersCommand): ParsedCommand | undefined {
  const by = findSubcommand(tree, paging.command)?.spec.pagedBy;
  if (!by || !paging.args || !Number.isInteger(page) || page < 1) return undefined;
  return { name: paging.command, options: { ...paging.args, [by]: page } };
}
