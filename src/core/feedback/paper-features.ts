/**
 * What the reader model sees of a paper: its words as the search index has them (the tokens of
 * `indexedDocument`'s text columns as terms, `termToken`: `agents` and "agent" are one feature),
 * its authors (each full name, folded, never stemmed) and its organisation. Common English words
 * (`stopword`'s list) and bare numbers teach nothing about a reader and are left out. Each group is
 * scaled to length 1, so a long abstract does not drown the authors and one author among thirty
 * weighs less than a sole author.
 */
import { LRUCache } from 'lru-cache';
import stopword from 'stopword';
import type { Paper } from '../paper.js';
import { FIELD_COLUMNS, indexedDocument } from '../query/document.js';
import { termToken } from '../query/stem.js';
import { tokenize } from '../query/tokenize.js';

/** A paper's features: names (`w:` a word's term, `a:` an author, `o:` the organisation) and values. */
export interface PaperFeatures {
  readonly names: readonly string[];
  readonly values: readonly number[];
}

const STOP = new Set(stopword.eng.map((word) => termToken('text', word)));
const NUMBER = /^\d+$/;

/** Features of papers read recently: ranking a week of papers for many people reads the same papers. */
const cache = new LRUCache<string, { readonly sign: string; readonly features: PaperFeatures }>({ max: 20_000 });

export function paperFeatures(paper: Paper): PaperFeatures {
  // A paper updated in place (a late abstract, new authors) is read again.
  const sign = `${paper.title}\u0000${paper.summary.length}\u0000${paper.authors.length}\u0000${paper.aiKeywords.length}\u0000${paper.organization?.name ?? ''}`;
  const known = cache.get(paper.id);
  if (known && known.sign === sign) return known.features;
  const features = readFeatures(paper);
  cache.set(paper.id, { sign, features });
  return features;
}

function readFeatures(paper: Paper): PaperFeatures {
  const doc = indexedDocument(paper);
  const words = new Set<string>();
  for (const column of FIELD_COLUMNS.text) {
    for (const token of tokenize(doc[column])) {
      if (token.length < 2 || NUMBER.test(token)) continue;
      const term = termToken('text', token);
      if (!STOP.has(term)) words.add(`w:${term}`);
    }
  }
  const authors = new Set(paper.authors.map(folded).filter((name) => name !== '').map((name) => `a:${name}`));
  const org = paper.organization ? folded(paper.organization.name) : '';
  const names: string[] = [];
  const values: number[] = [];
  for (const group of [words, authors, new Set(org === '' ? [] : [`o:${org}`])]) {
    const value = 1 / Math.sqrt(group.size);
    for (const name of group) {
      names.push(name);
      values.push(value);
    }
  }
  return { names, values };
}

/** A name as `author:` and `org:` compare it: folded tokens, one space apart. */
export function folded(name: string): string {
  return tokenize(name).join(' ');
}

/** How a feature reads in a reason: the word's term, or the name. */
export function featureLabel(name: string): { readonly kind: 'word' | 'author' | 'org'; readonly text: string } {
  const text = name.slice(2);
  return name.startsWith('a:') ? { kind: 'author', text } : name.startsWith('o:') ? { kind: 'org', text } : { kind: 'word', text };
}
