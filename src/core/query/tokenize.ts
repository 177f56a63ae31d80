/**
 * Folds text into search tokens the way SQLite's FTS5 `unicode61 remove_diacritics 2` tokenizer
 * does: token characters are letters, numbers and private-use characters; everything else
 * separates; case and diacritics are folded. The in-memory matcher relies on this agreeing with
 * the FTS index (proved by the property test in test/unit/topic-equivalence.test.ts).
 */
const SEPARATORS = /[^\p{L}\p{N}\p{Co}]+/u;
const MARKS = /\p{M}/gu;

export function foldToken(text: string): string {
  return text.normalize('NFD').replace(MARKS, '').toLowerCase();
}

export function tokenize(text: string): string[] {
  if (text === '') return [];
  return foldToken(text)
    .split(SEPARATORS)
    .filter((t) => t !== '');
}
