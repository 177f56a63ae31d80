/**
 * Runs a parsed command, whichever platform it came from. UserError becomes an error reply with its
 * sentence; anything else is left to the platform's error boundary, which logs it.
 */
import { UserError } from '../src/core/errors.js';
import { errorReply, type Reply } from '../src/core/message.js';
import { createHelp } from '../src/core/use-cases/help.js';
import { helpEntries } from './help.js';
import { papersCommand } from './index.js';
import type { CommandServices } from './services.js';
import { findSubcommand, usageLine } from './tree.js';
import type { CommandContext, CommandTree, ParsedCommand } from './types.js';

export interface Invocation {
  readonly command: ParsedCommand;
  readonly context: CommandContext;
}

export type Dispatch = (invocation: Invocation) => Promise<Reply>;

export interface Dispatcher {
  readonly dispatch: Dispatch;
}

export function createDispatcher(services: CommandServices, tree: CommandTree = papersCommand): Dispatcher {
  const withHelp = { ...services, help: createHelp(helpEntries(tree)) };

  async function dispatch({ command, context }: Invocation): Promise<Reply> {
    const entry = findSubcommand(tree, command.name);
    if (!entry) return errorReply(`There is no /${tree.name} ${command.name}; /${tree.name} help lists what there is.`);
    // Using any command proves the person is around again, so alerts resume.
    await services.people.markReachable(context.person);
    const missing = entry.spec.options.find((o) => o.required && command.options[o.name] === undefined);
    if (missing) return errorReply(`/${tree.name} ${entry.path} needs a ${missing.name}: ${usageLine(tree, entry)}`);
    try {
      return await entry.spec.run({ services: withHelp, options: command.options, context });
    } catch (error) {
      if (error instanceof UserError) return errorReply(error.message);
      throw error;
    }
  }

  return { dispatch };
}
