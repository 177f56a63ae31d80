/**
 * `/papers help [command]`. Core does not know the command tree; commands/help.ts hands it these
 * entries, derived from the tree, so help cannot drift from what the parser accepts.
 */
import { UserError } from '../errors.js';
import type { Reply } from '../message.js';

export interface HelpEntry {
  /** The subcommand path: `search`, `digest set`. */
  readonly name: string;
  /** `/papers search <query> [page]`. */
  readonly usage: string;
  readonly description: string;
  /** Full invocations, `/papers …`. */
  readonly examples: readonly string[];
  readonly admin: boolean;
  /** One line per option: `time: HH:MM …`. */
  readonly options: readonly string[];
}

export interface HelpUseCase {
  show(command?: string): Reply;
}

const QUERY_LANGUAGE =
  'Searches and topics: words (all must match), "exact phrase", OR, -excluded, author:"Name", org:name.';

export function createHelp(entries: readonly HelpEntry[]): HelpUseCase {
  function overview(): Reply {
    const lines = entries.map((e) => `${e.usage}\n    ${e.description}${e.admin ? ' (admins)' : ''}`);
    return {
      visibility: 'private',
      blocks: [
        { type: 'heading', text: 'Paperboy: Hugging Face Daily Papers, here' },
        { type: 'text', text: lines.join('\n') },
        { type: 'text', text: QUERY_LANGUAGE },
        { type: 'text', text: 'More on one command: /papers help <command>, e.g. /papers help digest set.' },
      ],
    };
  }

  function about(command: string): Reply {
    const wanted = command.trim().toLowerCase().replace(/^\/?papers\s+/, '').replace(/\s+/g, ' ');
    const chosen = entries.filter((e) => e.name === wanted || e.name.startsWith(`${wanted} `));
    if (chosen.length === 0) {
      const names = [...new Set(entries.map((e) => e.name.split(' ')[0]))].join(', ');
      throw new UserError(`There is no /papers ${wanted}; help knows ${names}.`);
    }
    const blocks = chosen.flatMap((e) => [
      { type: 'heading' as const, text: e.usage },
      {
        type: 'text' as const,
        text: [
          `${e.description}${e.admin ? ' Admins only.' : ''}`,
          ...e.options.map((o) => `  ${o}`),
          ...(e.examples.length > 0 ? ['Examples:', ...e.examples.map((x) => `  ${x}`)] : []),
        ].join('\n'),
      },
    ]);
    const needsQuery = chosen.some((e) => ['search', 'subscribe', 'digest set'].includes(e.name));
    return {
      visibility: 'private',
      blocks: needsQuery ? [...blocks, { type: 'text', text: QUERY_LANGUAGE }] : blocks,
    };
  }

  return { show: (command) => (command === undefined || command.trim() === '' ? overview() : about(command)) };
}
