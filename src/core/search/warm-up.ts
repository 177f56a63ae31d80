/**
 * The searches an index asks itself before it serves (docs/decisions/0023-staying-compiled.md). V8
 * compiles a function for the hidden classes and the branches it has seen, and throws the compiled
 * code away when a call brings another: the search that does runs uncompiled (several times slower)
 * while V8 compiles the function again on another thread, milliseconds on a machine of two cores.
 * So the warm-up asks what people type, as text through the one parser, so that its queries have
 * the parser's hidden classes and not hand-made ones: words of each kind alone, in pairs and threes
 * (with more matches than a page, so the scan prunes), alternatives, exclusions of each kind,
 * phrases that stand in documents and ones that do not, names by `author:` and `org:`, and a word
 * no document holds.
 */
import type { Query } from '../query/ast.js';
import { parseQuery } from '../query/parse.js';

/** Words of the index, as the warm-up's queries use them (each a list of tokens). */
export interface WarmUpWords {
  /** Words of the text by kind: dense (with a bitset), common, the rest; each kind may be empty. */
  readonly kinds: readonly (readonly string[])[];
  /** Runs of two and three words that stand in a document's text. */
  readonly phrases: readonly (readonly string[])[];
  /** Authors' names and organisations' names, from documents. */
  readonly authors: readonly (readonly string[])[];
  readonly orgs: readonly (readonly string[])[];
}

/** A word no index holds (it is not a stem of anything English either): the plan with an unknown term. */
const UNKNOWN = 'qxzvkwjq';

/** The warm-up's queries over `words`, parsed (text the parser refuses is left out). */
export function warmUpQueries(words: WarmUpWords): Query[] {
  const queries: Query[] = [];
  const seen = new Set<string>();
  for (const text of warmUpTexts(words)) {
    if (seen.has(text)) continue;
    seen.add(text);
    try {
      queries.push(parseQuery(text));
    } catch {
      // A name the parser reads otherwise (too long, say): the other queries take its paths.
    }
  }
  return queries;
}

function warmUpTexts({ kinds, phrases, authors, orgs }: WarmUpWords): string[] {
  const all = kinds.flat();
  // A kind the index lacks (a small one has no dense words) borrows another's words.
  const w = (kind: number, i: number) => kinds[kind]?.[i] ?? kinds[kind]?.[0] ?? all[i % Math.max(1, all.length)] ?? UNKNOWN;
  const quoted = (tokens: readonly string[]) => `"${tokens.join(' ')}"`;
  const texts: string[] = [];
  for (let a = 0; a < 3; a++) {
    texts.push(w(a, 0), `${w(a, 0)} ${UNKNOWN}`);
    for (let b = 0; b < 3; b++) {
      const c = (a + b) % 3;
      // A phrase or a word with a bitset takes tens of milliseconds at 100k and is not what people ask: the alternative is a rarer word.
      const rarer = 1 + ((a + b) % 2);
      texts.push(
        `${w(a, 0)} ${w(b, 1)}`,
        `${w(a, 0)} OR ${w(b, 1)}`,
        `${w(a, 0)} OR ${w(b, 1)} ${w(b, 0)}`,
        `${w(a, 0)} -${w(b, 1)}`,
        `${w(a, 0)} ${w(b, 0)} -${w(b, 1)}`,
        `${w(a, 0)} ${w(b, 1)} ${w(c, 2)}`,
        `${w(a, 1)} ${w(b, 2)} ${w(c, 0)} -${w(c, 1)}`,
        `"${w(a, 0)} ${w(b, 1)}"`,
        `"${w(a, 0)} ${w(b, 1)}" ${w(c, 1)}`,
        `"${w(a, 1)} ${w(b, 0)}" OR ${w(rarer, 1)}`,
        `${w(a, 0)} -"${w(b, 1)} ${w(c, 0)}"`,
      );
    }
  }
  texts.push(`"${w(1, 0)} ${w(0, 0)} ${w(2, 0)}"`, `"${w(1, 0)} ${w(0, 0)}" ${w(2, 1)} -${w(1, 1)}`);
  phrases.forEach((phrase, i) => {
    const other = phrases[(i + 1) % phrases.length]!;
    const word = w(i % 3, i % 2);
    texts.push(
      quoted(phrase),
      phrase.join(' '),
      `${quoted(phrase)} ${word}`,
      `${quoted(phrase)} OR ${quoted(other)}`,
      `${quoted(phrase)} OR ${word}`,
      `${quoted(phrase)} -${w((i + 1) % 3, 0)}`,
      `${phrase[0]!} -${quoted(other)}`,
      `${phrase.join(' ')} -${w((i + 2) % 3, 1)}`,
    );
  });
  for (const [names, prefix] of [
    [authors, 'author:'],
    [orgs, 'org:'],
  ] as const) {
    names.forEach((name, i) => {
      texts.push(`${prefix}${quoted(name)}`, `${prefix}${name.at(-1)!}`, `${prefix}${quoted(name)} ${w(i % 3, 0)}`, `${w(i % 3, 1)} -${prefix}${name.at(-1)!}`);
    });
  }
  return texts;
}
