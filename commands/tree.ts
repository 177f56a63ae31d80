/** Walking the command tree and describing it: what parsing, help and registration share. */
import type { CommandTree, OptionSpec, SubcommandSpec } from './types.js';

export interface SubcommandEntry {
  /** `search`, `digest set`. */
  readonly path: string;
  readonly spec: SubcommandSpec;
}

/** Every runnable subcommand, in declaration order. */
export function subcommands(tree: CommandTree): SubcommandEntry[] {
  return tree.children.flatMap((child) =>
    child.kind === 'group'
      ? child.subcommands.map((spec) => ({ path: `${child.name} ${spec.name}`, spec }))
      : [{ path: child.name, spec: child }],
  );
}

export function findSubcommand(tree: CommandTree, path: string): SubcommandEntry | undefined {
  return subcommands(tree).find((entry) => entry.path === path);
}

/** `/papers search <query> [page:N]`: after a `rest` option, later options can only be named. */
export function usageLine(tree: CommandTree, entry: SubcommandEntry): string {
  const restIndex = entry.spec.options.findIndex((o) => o.rest);
  const parts = entry.spec.options.map((option, i) => {
    const named = restIndex !== -1 && i > restIndex;
    const shown = named ? `${option.name}:${placeholder(option)}` : placeholderOrName(option);
    return option.required ? `<${shown}>` : `[${shown}]`;
  });
  return [`/${tree.name}`, entry.path, ...parts].join(' ');
}

/** `top: how many papers (1–25)`. */
export function optionLine(option: OptionSpec): string {
  const range =
    option.min !== undefined && option.max !== undefined
      ? ` (${option.min}–${option.max})`
      : option.min !== undefined
        ? ` (${option.min} or more)`
        : '';
  const choices = option.choices ? ` (${option.choices.join(', ')})` : '';
  return `${option.name}: ${option.description}${range}${choices}`;
}

function placeholderOrName(option: OptionSpec): string {
  return option.choices ? option.choices.join('|') : option.name;
}

function placeholder(option: OptionSpec): string {
  if (option.choices) return option.choices.join('|');
  return option.type === 'integer' ? 'N' : option.name;
}
