/**
 * Folds text into search tokens (as SQLite's `unicode61 remove_diacritics 2` tokenizer does, which
 * search used first): token characters are letters, numbers and private-use characters; everything
 * else separates; case and diacritics are folded. Every search path tokenizes with this, then maps
 * tokens to terms (`termToken`).
 */
const SEPARATORS = /[^\p{L}\p{N}\p{Co}]+/u;
const MARKS = /\p{M}/gu;
const NOT_ASCII = /[^\p{ASCII}]/u;
const ASCII_SEPARATORS = /[^a-z0-9]+/;

export function foldToken(text: string): string {
  return text.normalize('NFD').replace(MARKS, '').toLowerCase();
}

/**
 * Text that is all ASCII (most of a paper) takes a shortcut: there normalising changes nothing, the
 * only letters and numbers are a-z, A-Z and 0-9, and lowercasing needs no context, so splitting the
 * lowercased text on everything else gives the same tokens.
 */
export function tokenize(text: string): string[] {
  if (text === '') return [];
  if (!NOT_ASCII.test(text)) return text.toLowerCase().split(ASCII_SEPARATORS).filter((t) => t !== '');
  return foldToken(text)
    .split(SEPARATORS)
    .filter((t) => t !== '');
}
