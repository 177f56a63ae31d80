/**
 * A person's taste, as their votes taught it: papers ordered best first, and why. A model is
 * trusted from MIN_VOTES votes on; before that a person's papers keep their usual order and
 * `foryou` falls back to upvotes.
 */
import type { Paper } from '../paper.js';
import type { FeedbackRepository, PersonRef } from '../ports.js';
import { paperFeatures } from './paper-features.js';
import { scoreFeatures, strongestFeatures, weightsOf, type Weights } from './reader-model.js';

/** Votes before a model orders anything. */
export const MIN_VOTES = 5;

export interface Scored<T> {
  readonly item: T;
  readonly score: number;
}

/** The person's weights; undefined until they have voted MIN_VOTES times. */
export async function tasteOf(feedback: Pick<FeedbackRepository, 'model'>, person: PersonRef): Promise<{ weights?: Weights; votes: number }> {
  const state = await feedback.model(person);
  if (!state) return { votes: 0 };
  // A model counts the votes it was learnt from: after one was taken back, the ones that remain.
  return state.votes >= MIN_VOTES ? { weights: weightsOf(state), votes: state.votes } : { votes: state.votes };
}

/** Best first by the model; ties by upvotes, then newer id. */
export function rankByTaste<T>(weights: Weights, items: readonly T[], paperOf: (item: T) => Paper): Scored<T>[] {
  return items
    .map((item) => ({ item, score: scoreFeatures(weights, paperFeatures(paperOf(item))) }))
    .sort((a, b) => b.score - a.score || paperOf(b.item).upvotes - paperOf(a.item).upvotes || (paperOf(a.item).id < paperOf(b.item).id ? 1 : -1));
}

/** Orders a person's items (an alert bundle) best first, when they have taught a model; as they are otherwise. */
export async function orderByTaste<T>(feedback: Pick<FeedbackRepository, 'model'>, person: PersonRef, items: readonly T[], paperOf: (item: T) => Paper): Promise<T[]> {
  const { weights } = await tasteOf(feedback, person);
  return weights ? rankByTaste(weights, items, paperOf).map((s) => s.item) : [...items];
}

/** One line on what in the paper weighed most for the person: its words as the paper writes them, authors and organisation by name. */
export function reasonFor(weights: Weights, paper: Paper): string | undefined {
  const features = paperFeatures(paper);
  const strongest = strongestFeatures(weights, features, 3);
  if (strongest.length === 0) return undefined;
  return strongest
    .map((at) => {
      const label = features.labels[at]!;
      const name = features.names[at]!;
      return name.startsWith('a:') ? `${label} (author)` : name.startsWith('o:') ? `${label} (organisation)` : label;
    })
    .join(', ');
}
