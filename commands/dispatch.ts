/**
 * Runs a parsed command, whichever platform it came from. UserError becomes an error reply with its
 * sentence; anything else is left to the platform's error boundary, which logs it. It also answers
 * what the tree declares beside running: suggestions for an option that autocompletes, and the
 * paging of a reply (commands/paging.ts).
 */
import { UserError } from '../src/core/errors.js';
import { errorReply, type Reply } from '../src/core/message.js';
import { createHelp } from '../src/core/use-cases/help.js';
import { helpEntries } from './help.js';
import { papersCommand } from './index.js';
import { withPagingArgs } from './paging.js';
import type { CommandServices } from './services.js';
import { findSubcommand, usageLine } from './tree.js';
import type { CommandContext, CommandTree, ParsedCommand } from './types.js';

export interface Invocation {
  readonly command: ParsedCommand;
  readonly context: CommandContext;
}

export type Dispatch = (invocation: Invocation) => Promise<Reply>;

/** A person typing a value for `option` of the subcommand `command` (`digest set`, `timezone`). */
export interface SuggestionRequest {
  readonly command: string;
  readonly option: string;
  readonly partial: string;
  readonly context: CommandContext;
}

export interface Dispatcher {
  readonly dispatch: Dispatch;
  /** Suggestions for an option that declares `autocomplete`; none for any other. */
  readonly suggest: (request: SuggestionRequest) => Promise<readonly string[]>;
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
      return withPagingArgs(await entry.spec.run({ services: withHelp, options: command.options, context }), entry, command.options);
    } catch (error) {
      if (error instanceof UserError) return errorReply(error.message);
      throw error;
    }
  }

  async function suggest({ command, option, partial, context }: SuggestionRequest): Promise<readonly string[]> {
    const declared = findSubcommand(tree, command)?.spec.options.find((o) => o.name === option)?.autocomplete;
    return declared ? declared({ services, context, partial }) : [];
  }

  return { dispatch, suggest };
}
