/**
 * English word forms: the one stemmer every search path uses (the search index, the topic matcher,
 * the reference scorer), so that `agents` finds "agent" and `-benchmark` keeps out "benchmarking"
 * everywhere alike. Names (`author:`, `org:`) are compared as folded, never stemmed: "Dao" is a
 * name, not a word form of anything.
 */
import { stemmer } from 'stemmer';
import type { Field } from './ast.js';

/** The stem of a folded token (lowercase, no accents): Porter's algorithm. */
export function stem(token: string): string {
  return stemmer(token);
}

/** What a folded token of `field` is indexed and matched as. */
export function termToken(field: Field, token: string): string {
  return field === 'text' ? stemmer(token) : token;
}
