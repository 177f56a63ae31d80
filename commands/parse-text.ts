/**
 * Reads `/papers …` typed as text (Slack, the console) into the same ParsedCommand Discord builds.
 * After the subcommand, words fill its options in order, or name one as `name:value`; a `rest`
 * option takes the remainder verbatim, so a search keeps its quotes, `-words` and `author:` intact.
 * Only the subcommand's own option names are read as `name:`; anything else is ordinary text.
 */
import { distance } from 'fastest-levenshtein';
import { UsageError } from '../src/core/errors.js';
import { papersCommand } from './index.js';
import { findSubcommand, subcommands, usageLine, type SubcommandEntry } from './tree.js';
import type { CommandTree, OptionSpec, ParsedCommand } from './types.js';

/** The sentence and the usage line of the nearest subcommand, for plain-text platforms. */
export function formatUsageError(error: UsageError): string {
  return error.usage ? `${error.message}\nUsage: ${error.usage}` : error.message;
}

/**
 * The line that parseCommandText reads back as `command`, as a person would type it: a `rest`
 * option's words as they are, the others as `name:value` (`/papers search "flow matching" page:2`).
 */
export function formatCommandText(command: ParsedCommand, tree: CommandTree = papersCommand): string {
  const words = [`/${tree.name}`, command.name];
  for (const option of findSubcommand(tree, command.name)?.spec.options ?? []) {
    const value = command.options[option.name];
    if (value === undefined) continue;
    const text = String(value);
    words.push(option.rest ? text : `${option.name}:${/\s/.test(text) ? `"${text}"` : text}`);
  }
  return words.join(' ');
}

interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** Looks like an option name, so `08:00` and `https://` stay plain values. */
const NAMED = /^([a-z][a-z_]*):(.*)$/is;

export function parseCommandText(text: string, tree: CommandTree = papersCommand): ParsedCommand | UsageError {
  // Phones and Slack turn straight quotes into curly ones; the query language only knows ".
  const line = text.replace(/[\u201c\u201d\u201e\u201f]/g, '"').trim();
  const prefix = new RegExp(`^/?${tree.name}(?:\\s+|$)`, 'i');
  const body = line.replace(prefix, '');
  const tokens = tokenize(body);
  const first = tokens[0];
  if (!first) return { name: 'help', options: {} };

  const word = first.text.toLowerCase();
  const child = tree.children.find((c) => c.name === word);
  if (!child) {
    const guess = nearest(word, tree.children.map((c) => c.name));
    const hint = guess.close ? `did you mean ${guess.name}?` : `/${tree.name} help lists them all.`;
    return usageNear(tree, word, `There is no /${tree.name} ${word}; ${hint}`);
  }
  let entry: SubcommandEntry;
  let argsStart: number;
  if (child.kind === 'group') {
    const second = tokens[1];
    const names = child.subcommands.map((s) => s.name);
    const sub = second ? child.subcommands.find((s) => s.name === second.text.toLowerCase()) : undefined;
    if (!second || !sub) {
      const what = second ? `has no ${second.text}` : 'needs one more word';
      const asked = `${word} ${second?.text.toLowerCase() ?? ''}`.trim();
      return usageNear(tree, asked, `/${tree.name} ${word} ${what}; use one of ${names.join(', ')}.`);
    }
    entry = { path: `${child.name} ${sub.name}`, spec: sub };
    argsStart = second.end;
  } else {
    entry = { path: child.name, spec: child };
    argsStart = first.end;
  }
  return parseOptions(tree, entry, body, tokenize(body, argsStart));
}

function parseOptions(tree: CommandTree, entry: SubcommandEntry, body: string, tokens: readonly Token[]): ParsedCommand | UsageError {
  const options = entry.spec.options;
  const usage = usageLine(tree, entry);
  const fail = (error: string): UsageError => new UsageError(error, usage);
  const values: Record<string, string | number> = {};
  const byName = new Map(options.map((o) => [o.name, o]));

  const assign = (option: OptionSpec, raw: string): string | undefined => {
    if (option.name in values) return `${option.name} is given twice; keep one.`;
    const value = convert(option, raw);
    if (typeof value === 'object') return value.error;
    values[option.name] = value;
    return undefined;
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const named = NAMED.exec(token.text);
    const option = named ? byName.get(named[1]!.toLowerCase()) : undefined;
    if (named && option) {
      const problem = assign(option, unquote(named[2]!));
      if (problem) return fail(problem);
      continue;
    }
    if (named && !options.some((o) => o.rest)) return fail(noSuchOption(tree, entry, named[1]!.toLowerCase()));
    const next = options.find((o) => !(o.name in values) && !followsRest(options, o));
    if (!next) return fail(`/${tree.name} ${entry.path} does not take "${token.text}"; ${describeTakes(options)}`);
    if (next.rest) {
      const rest = takeRest(body, tokens.slice(i), byName, next.name);
      for (const [name, raw] of rest.named) {
        const problem = assign(byName.get(name)!, raw);
        if (problem) return fail(problem);
      }
      const problem = assign(next, rest.text);
      if (problem) return fail(problem);
      break;
    }
    const problem = assign(next, unquote(token.text));
    if (problem) return fail(problem);
  }

  const missing = options.find((o) => o.required && !(o.name in values));
  if (missing) {
    const example = entry.spec.examples[0];
    return fail(`/${tree.name} ${entry.path} needs a ${missing.name}${example ? `, e.g. /${tree.name} ${example}` : ''}.`);
  }
  return { name: entry.path, options: values };
}

/** The rest of the line, minus `name:value` words naming the subcommand's other options. */
function takeRest(
  body: string,
  tokens: readonly Token[],
  byName: ReadonlyMap<string, OptionSpec>,
  restName: string,
): { text: string; named: [string, string][] } {
  const named: [string, string][] = [];
  const pieces: string[] = [];
  let cursor = tokens[0]!.start;
  for (const token of tokens) {
    const match = NAMED.exec(token.text);
    const name = match?.[1]!.toLowerCase();
    if (!match || name === undefined || name === restName || !byName.has(name)) continue;
    named.push([name, unquote(match[2]!)]);
    pieces.push(body.slice(cursor, token.start));
    cursor = token.end;
  }
  pieces.push(body.slice(cursor));
  return { text: pieces.map((p) => p.trim()).filter((p) => p !== '').join(' '), named };
}

function convert(option: OptionSpec, raw: string): string | number | { error: string } {
  const value = raw.trim();
  if (value === '') return { error: `${option.name} needs a value after the colon, e.g. ${option.name}:${sample(option)}.` };
  switch (option.type) {
    case 'integer': {
      if (!/^-?\d+$/.test(value)) return { error: `${option.name} must be a whole number, e.g. ${option.name}:${sample(option)}.` };
      const n = Number(value);
      if ((option.min !== undefined && n < option.min) || (option.max !== undefined && n > option.max)) {
        const range = option.max === undefined ? `${option.min} or more` : `from ${option.min ?? 0} to ${option.max}`;
        return { error: `${option.name} must be ${range}, e.g. ${option.name}:${sample(option)}.` };
      }
      return n;
    }
    case 'choice': {
      const choice = value.toLowerCase();
      if (option.choices?.includes(choice)) return choice;
      return { error: `${option.name} must be one of ${option.choices?.join(', ')}; "${value}" is not.` };
    }
    case 'channel':
      // Slack sends <#C123|general>, Discord text <#123>; both name the channel by id.
      return /^<#([^|>]+)(?:\|[^>]*)?>$/.exec(value)?.[1] ?? value.replace(/^#/, '');
    case 'string':
      if (option.maxLength !== undefined && value.length > option.maxLength) {
        return { error: `${option.name} is ${value.length} characters long; keep it under ${option.maxLength + 1}.` };
      }
      return value;
  }
}

function sample(option: OptionSpec): string {
  if (option.type === 'integer') return String(option.max !== undefined ? Math.min(10, option.max) : Math.max(option.min ?? 0, 5));
  return option.choices?.[0] ?? option.name;
}

function followsRest(options: readonly OptionSpec[], option: OptionSpec): boolean {
  const restIndex = options.findIndex((o) => o.rest);
  return restIndex !== -1 && options.indexOf(option) > restIndex;
}

function noSuchOption(tree: CommandTree, entry: SubcommandEntry, name: string): string {
  const options = entry.spec.options;
  const sentence = `/${tree.name} ${entry.path} has no option ${name}`;
  if ((name === 'author' || name === 'org') && options.some((o) => o.name === 'topic')) {
    return `${sentence}; put it inside the topic, e.g. topic:${name}:"${name === 'author' ? 'Tri Dao' : 'nvidia'}".`;
  }
  if (options.length === 0) return `${sentence}; it takes no options.`;
  const guess = nearest(name, options.map((o) => o.name));
  return `${sentence}; ${guess.close ? `did you mean ${guess.name}?` : `it takes ${describeOptions(options)}.`}`;
}

function describeOptions(options: readonly OptionSpec[]): string {
  return options.length === 0 ? 'no options' : options.map((o) => o.name).join(', ');
}

function describeTakes(options: readonly OptionSpec[]): string {
  return options.length === 0 ? 'it takes no options.' : `it takes ${describeOptions(options)}.`;
}

/** The sentence, with the usage line of the subcommand nearest to what was typed. */
function usageNear(tree: CommandTree, typed: string, error: string): UsageError {
  const entries = subcommands(tree);
  const guess = nearest(typed, entries.map((e) => e.path));
  const entry = findSubcommand(tree, guess.name) ?? entries[0]!;
  return new UsageError(error, usageLine(tree, entry));
}

/** Splits on whitespace outside double quotes, remembering where each word sits in `text`. */
function tokenize(text: string, from = 0): Token[] {
  const tokens: Token[] = [];
  let i = from;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    const start = i;
    let quoted = false;
    while (i < text.length && (quoted || !/\s/.test(text[i]!))) {
      if (text[i] === '"') quoted = !quoted;
      i++;
    }
    tokens.push({ text: text.slice(start, i), start, end: i });
  }
  return tokens;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/** The candidate with the smallest edit distance (a prefix counts as 1); `close` when a typo is likely. */
function nearest(word: string, candidates: readonly string[]): { name: string; close: boolean } {
  let best = candidates[0] ?? '';
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = word.length >= 2 && candidate.startsWith(word) ? 1 : distance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return { name: best, close: bestDistance <= Math.max(2, Math.floor(word.length / 3)) };
}
