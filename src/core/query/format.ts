/**
 * Canonical text of a parsed query: folded tokens, one spelling per construct. Parsing it gives
 * the same Query back, so it doubles as the key that tells two spellings of a topic apart.
 */
import type { Phrase, Query } from './ast.js';

export function formatQuery(query: Query): string {
  const parts = query.all.map((group) => group.anyOf.map(formatPhrase).join(' OR '));
  for (const phrase of query.none) parts.push(`-${formatPhrase(phrase)}`);
  return parts.join(' ');
}

function formatPhrase(phrase: Phrase): string {
  // Tokens never hold quotes, spaces or colons, and are lower case, so a lone token cannot read as `OR` or a prefix.
  const text = phrase.tokens.length === 1 ? phrase.tokens[0]! : `"${phrase.tokens.join(' ')}"`;
  return phrase.field === 'text' ? text : `${phrase.field}:${text}`;
}
