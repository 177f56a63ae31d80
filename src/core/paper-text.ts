/**
 * How a paper reads in a brief, on every platform: a short summary (the first sentence of the
 * abstract) and a short author list. Each platform escapes and cuts the result its own way.
 */

/** The first sentence of an abstract, whitespace flattened; the whole text when no sentence ends. */
export function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = flat.search(/[.!?](\s|$)/);
  return end === -1 ? flat : flat.slice(0, end + 1);
}

/**
 * The first `shown` authors, then `et al.` when there are more; empty when none are shown.
 * `name` formats each name shown (escaping, clipping), never the separators.
 */
export function authorList(authors: readonly string[], shown: number, name: (author: string) => string = (author) => author): string {
  if (shown <= 0 || authors.length === 0) return '';
  const names = authors.slice(0, shown).map(name).join(', ');
  return authors.length > shown ? `${names} et al.` : names;
}
