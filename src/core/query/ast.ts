/**
 * The parsed form of a search query or topic. One parser produces it; the FTS compiler in
 * src/store and the in-memory matcher in src/core both consume it, which is what makes
 * "a paper matches a topic exactly when searching the topic finds it" hold.
 */

/** Which indexed columns a phrase is looked for in. */
export type Field = 'text' | 'author' | 'org';

/** Tokens (already folded by `tokenize`) that must appear consecutively within one column of the field. */
export interface Phrase {
  readonly field: Field;
  readonly tokens: readonly string[];
}

/** Satisfied when any of its phrases matches. */
export interface AnyOf {
  readonly anyOf: readonly Phrase[];
}

export interface Query {
  /** Every group must match (AND of ORs). Never empty for a valid query. */
  readonly all: readonly AnyOf[];
  /** No phrase may match. */
  readonly none: readonly Phrase[];
}
