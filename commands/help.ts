/** `/papers help` and the help text, generated from the tree so it cannot drift from the parser. */
import type { HelpEntry } from '../src/core/use-cases/help.js';
import { optionLine, subcommands, usageLine } from './tree.js';
import { stringOption } from './options.js';
import type { CommandTree, SubcommandSpec } from './types.js';

export const help = {
  kind: 'subcommand',
  name: 'help',
  description: 'How to use /papers, with examples.',
  options: [
    {
      name: 'command',
      type: 'string',
      rest: true,
      description: 'One command to explain, e.g. search or digest set',
      maxLength: 40,
    },
  ],
  examples: ['help', 'help digest set'],
  run: async ({ services, options }) => services.help.show(stringOption(options, 'command')),
} satisfies SubcommandSpec;

/** One entry per runnable subcommand, in the tree's order. */
export function helpEntries(tree: CommandTree): HelpEntry[] {
  return subcommands(tree).map((entry) => ({
    name: entry.path,
    usage: usageLine(tree, entry),
    description: entry.spec.description,
    examples: entry.spec.examples.map((x) => `/${tree.name} ${x}`),
    admin: entry.spec.admin === true,
    options: entry.spec.options.map(optionLine),
  }));
}
