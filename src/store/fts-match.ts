/**
 * Compiles a parsed Query into an FTS5 MATCH expression. Only this file writes MATCH syntax, and it
 * writes every token as a quoted string, so no user text can act as an FTS5 operator (NEAR, *, ^,
 * column filters, OR/AND/NOT).
 */
import { UserError } from '../core/errors.js';
import type { Phrase, Query } from '../core/query/ast.js';
import { FIELD_COLUMNS } from '../core/query/document.js';

export function compileMatch(query: Query): string {
  const groups = query.all.map((group) => {
    const phrases = group.anyOf.filter(hasTokens).map(phraseExpression);
    if (phrases.length === 0) throw emptyQuery();
    return phrases.length === 1 ? phrases[0]! : `(${phrases.join(' OR ')})`;
  });
  if (groups.length === 0) throw emptyQuery();
  const positive = groups.join(' AND ');
  const excluded = query.none.filter(hasTokens).map(phraseExpression);
  if (excluded.length === 0) return positive;
  // FTS5's NOT is binary and binds tighter than AND: parenthesise both sides.
  return `(${positive}) NOT (${excluded.join(' OR ')})`;
}

function phraseExpression(phrase: Phrase): string {
  const columns = FIELD_COLUMNS[phrase.field];
  const filter = columns.length === 1 ? columns[0]! : `{${columns.join(' ')}}`;
  return `${filter} : ${quote(phrase.tokens)}`;
}

/** One FTS5 string: inside double quotes only `"` is special, and it is doubled. */
function quote(tokens: readonly string[]): string {
  return `"${tokens.map((t) => t.replaceAll('"', '""')).join(' ')}"`;
}

function hasTokens(phrase: Phrase): boolean {
  return phrase.tokens.some((t) => t !== '');
}

function emptyQuery(): UserError {
  return new UserError('That search has no words to look for; try something like `diffusion distillation -survey`.');
}
