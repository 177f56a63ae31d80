/**
 * The one parser for searches and topics. Grammar (see docs/decisions/0003-query-language.md):
 *
 *   query  := item*
 *   item   := 'OR' | '-'? term
 *   term   := '"' text ('"' | end) | ('author:' | 'org:') (quoted | bare) | bare
 *
 * Everything else, FTS5 or SQL syntax included, is plain text folded by `tokenize`, so nothing a person
 * types can reach the FTS engine as an operator.
 */
import { UserError } from '../errors.js';
import type { AnyOf, Field, Phrase, Query } from './ast.js';
import { AUTHOR_SEPARATOR } from './document.js';
import { tokenize } from './tokenize.js';

export const MAX_QUERY_LENGTH = 500;
export const MAX_QUERY_TERMS = 32;

type Item = { readonly kind: 'or' } | { readonly kind: 'term'; readonly negated: boolean; readonly phrase: Phrase };

const PREFIX = /^(author|org):/i;
const SPACE = /\s/;

export function parseQuery(input: string): Query {
  if (input.length > MAX_QUERY_LENGTH) {
    throw new UserError(
      `That query is ${input.length} characters long; keep it under ${MAX_QUERY_LENGTH}, e.g. \`"speculative decoding" -survey\`.`,
    );
  }
  return combine(lex(input));
}

function lex(input: string): Item[] {
  const items: Item[] = [];
  let i = 0;
  const n = input.length;
  while (i < n) {
    if (SPACE.test(input[i]!)) {
      i++;
      continue;
    }
    let negated = false;
    if (input[i] === '-' && i + 1 < n && !SPACE.test(input[i + 1]!)) {
      negated = true;
      i++;
    }
    let field: Field = 'text';
    const prefix = PREFIX.exec(input.slice(i, i + 7));
    if (prefix) {
      field = prefix[1]!.toLowerCase() as Field;
      i += prefix[0].length;
    }
    let text: string;
    if (input[i] === '"') {
      const close = input.indexOf('"', i + 1);
      const end = close === -1 ? n : close;
      text = input.slice(i + 1, end);
      i = close === -1 ? n : close + 1;
    } else {
      const start = i;
      while (i < n && !SPACE.test(input[i]!)) i++;
      text = input.slice(start, i);
      if (text === 'OR' && !negated && field === 'text') {
        items.push({ kind: 'or' });
        continue;
      }
    }
    const tokens = tokenize(text).filter((t) => t !== AUTHOR_SEPARATOR);
    if (tokens.length === 0) {
      if (field !== 'text') throw missingName(field);
      continue;
    }
    items.push({ kind: 'term', negated, phrase: { field, tokens } });
  }
  return items;
}

function combine(items: readonly Item[]): Query {
  const all: Phrase[][] = [];
  const none: Phrase[] = [];
  let previous: 'start' | 'positive' | 'negative' | 'or' = 'start';
  for (const item of items) {
    if (item.kind === 'or') {
      if (previous === 'negative') throw excludedInOr();
      if (previous !== 'positive') throw danglingOr();
      previous = 'or';
    } else if (item.negated) {
      if (previous === 'or') throw excludedInOr();
      none.push(item.phrase);
      previous = 'negative';
    } else {
      if (previous === 'or') all[all.length - 1]!.push(item.phrase);
      else all.push([item.phrase]);
      previous = 'positive';
    }
  }
  if (previous === 'or') throw danglingOr();
  if (all.length === 0) {
    if (none.length > 0) {
      throw new UserError(
        'A query needs at least one thing to look for besides exclusions; add at least one word to look for, e.g. `diffusion -video`.',
      );
    }
    throw new UserError('That query has nothing to look for; type a few words, e.g. `diffusion distillation`.');
  }
  const query = dedupe(all, none);
  const terms = query.all.reduce((sum, group) => sum + group.anyOf.length, 0) + query.none.length;
  if (terms > MAX_QUERY_TERMS) {
    throw new UserError(
      `That query has ${terms} terms; use at most ${MAX_QUERY_TERMS}, e.g. \`diffusion distillation OR consistency\`.`,
    );
  }
  return query;
}

/** Repeats change nothing about what matches; dropping them keeps topics comparable by their canonical text. */
function dedupe(all: readonly Phrase[][], none: readonly Phrase[]): Query {
  const groups: AnyOf[] = [];
  const seenGroups = new Set<string>();
  for (const group of all) {
    const anyOf = uniquePhrases(group);
    const key = anyOf.map(phraseKey).join('\u0001');
    if (seenGroups.has(key)) continue;
    seenGroups.add(key);
    groups.push({ anyOf });
  }
  return { all: groups, none: uniquePhrases(none) };
}

function uniquePhrases(phrases: readonly Phrase[]): Phrase[] {
  const seen = new Set<string>();
  return phrases.filter((p) => {
    const key = phraseKey(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function phraseKey(phrase: Phrase): string {
  return `${phrase.field}\u0000${phrase.tokens.join(' ')}`;
}

function danglingOr(): UserError {
  return new UserError('`OR` needs something to look for on each side, e.g. `diffusion OR flow matching`.');
}

function excludedInOr(): UserError {
  return new UserError(
    'An exclusion cannot be one side of `OR`; put it on its own, e.g. `diffusion OR flow -video`.',
  );
}

function missingName(field: Field): UserError {
  return field === 'author'
    ? new UserError('`author:` needs a name right after it, e.g. `author:"Tri Dao"` or `author:Dao`.')
    : new UserError('`org:` needs an organisation right after it, e.g. `org:nvidia` or `org:"Google DeepMind"`.');
}
