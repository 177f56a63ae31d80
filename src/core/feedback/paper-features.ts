/**
 * What the reader model sees of a paper: its words as the search index has them (the tokens of
 * `indexedDocument`'s text columns as terms, `termToken`: `agents` and "agent" are one feature),
 * its authors (each full name, folded, never stemmed) and its organisation. Common English words
 * (`stopword`'s list) and bare numbers teach nothing about a reader and are left out. Words of the
 * title and keywords weigh double. Each group is scaled to length 1, so a long abstract does not
 * drown the authors and one author among thirty weighs less than a sole author.
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
  /** How each reads in a reason: a word as the paper writes it, an author's or organisation's name. */
  readonly labels: readonly string[];
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
  /** Per word feature: its weight before scaling (title and keywords count double) and the word as the paper writes it. */
  const words = new Map<string, { weight: number; surface: string }>();
  for (const column of FIELD_COLUMNS.text) {
    const weight = column === 'title' || column === 'keywords' ? 2 : 1;
    for (const token of tokenize(doc[column])) {
      if (token.length < 2 || NUMBER.test(token)) continue;
      const term = termToken('text', token);
      if (STOP.has(term)) continue;
      const known = words.get(`w:${term}`);
      if (!known) words.set(`w:${term}`, { weight, surface: token });
      else if (known.weight < weight) known.weight = weight;
    }
  }
  const authors = new Map(paper.authors.filter((name) => folded(name) !== '').map((name) => [`a:${folded(name)}`, { weight: 1, surface: name }]));
  const org = paper.organization;
  const orgs = new Map(org && folded(org.name) !== '' ? [[`o:${folded(org.name)}`, { weight: 1, surface: org.fullname ?? org.name }]] : []);
  const names: string[] = [];
  const values: number[] = [];
  const labels: string[] = [];
  for (const group of [words, authors, orgs]) {
    let norm = 0;
    for (const { weight } of group.values()) norm += weight * weight;
    for (const [name, { weight, surface }] of group) {
      names.push(name);
      values.push(weight / Math.sqrt(norm));
      labels.push(surface);
    }
  }
  return { names, values, labels };
}

/** A name as `author:` and `org:` compare it: folded tokens, one space apart. */
function folded(name: string): string {
  return tokenize(name).join(' ');
}
