/**
 * A person's model: logistic regression over a paper's features (paper-features.ts), trained online
 * one vote at a time with FTRL-Proximal (McMahan et al., "Ad Click Prediction: a View from the
 * Trenches", KDD 2013): each feature keeps two numbers, its learning rate follows how much it has
 * been seen, and a feature never seen has weight 0, so the model stays as small as the papers the
 * person voted on. Why this and not a library: docs/decisions/0020-online-reader-model.md.
 *
 * The state is plain JSON (the store keeps it as is). A vote taken back or changed cannot be
 * subtracted from an online model; the model is then learnt again from the remaining votes in order
 * (`replay`), which for the few hundred votes a person gives takes milliseconds.
 */
import type { PaperFeatures } from './paper-features.js';

/** 👍 is 1, 👎 is −1. */
export type VoteValue = 1 | -1;

export interface ReaderModelState {
  readonly version: 1;
  /** Votes learnt. */
  votes: number;
  /** Per feature: FTRL's z and n. `bias` is the intercept. */
  readonly features: Record<string, [number, number]>;
}

/** The learner's settings, chosen on the benchmark's simulated readers (bench/foryou.ts). */
export const FTRL = { alpha: 1, beta: 1, l1: 0, l2: 0.01 } as const;
const BIAS = 'bias';

export function emptyModel(): ReaderModelState {
  return { version: 1, votes: 0, features: {} };
}

/** One vote, learnt in place; returns the same state. */
export function learnVote(state: ReaderModelState, features: PaperFeatures, vote: VoteValue): ReaderModelState {
  const names = [BIAS, ...features.names];
  const values = [1, ...features.values];
  let margin = 0;
  for (let i = 0; i < names.length; i++) margin += weightOf(state.features[names[i]!]) * values[i]!;
  // The gradient of the log loss for label 1 (👍) or 0 (👎).
  const error = sigmoid(margin) - (vote === 1 ? 1 : 0);
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const entry = state.features[name] ?? [0, 0];
    const g = error * values[i]!;
    const [z, n] = entry;
    const sigma = (Math.sqrt(n + g * g) - Math.sqrt(n)) / FTRL.alpha;
    state.features[name] = [z + g - sigma * weightOf(entry), n + g * g];
  }
  state.votes += 1;
  return state;
}

/** A model learnt from these votes alone, oldest first. */
export function replayVotes(votes: readonly { readonly features: PaperFeatures; readonly vote: VoteValue }[]): ReaderModelState {
  const state = emptyModel();
  for (const { features, vote } of votes) learnVote(state, features, vote);
  return state;
}

/**
 * The state with its numbers kept to 6 significant digits, as it is stored: a model of a few
 * thousand features reads back in well under a millisecond, and no ranking notices the difference.
 */
export function compactModel(state: ReaderModelState): ReaderModelState {
  for (const entry of Object.values(state.features)) {
    entry[0] = Number(entry[0].toPrecision(6));
    entry[1] = Number(entry[1].toPrecision(6));
  }
  return state;
}

/** The weights in force, for scoring many papers: features with weight 0 are left out. */
export type Weights = ReadonlyMap<string, number>;

export function weightsOf(state: ReaderModelState): Weights {
  const weights = new Map<string, number>();
  for (const [name, entry] of Object.entries(state.features)) {
    const w = weightOf(entry);
    if (w !== 0) weights.set(name, w);
  }
  return weights;
}

/** How much the person should like the paper: the model's log-odds (higher is better). */
export function scoreFeatures(weights: Weights, features: PaperFeatures): number {
  let margin = weights.get(BIAS) ?? 0;
  const { names, values } = features;
  for (let i = 0; i < names.length; i++) {
    const w = weights.get(names[i]!);
    if (w !== undefined) margin += w * values[i]!;
  }
  return margin;
}

/** The indexes of the features that raised the paper's score most, largest first (only those that raised it). */
export function strongestFeatures(weights: Weights, features: PaperFeatures, count: number): number[] {
  const raised: { at: number; by: number }[] = [];
  features.names.forEach((name, at) => {
    const by = (weights.get(name) ?? 0) * features.values[at]!;
    if (by > 0) raised.push({ at, by });
  });
  return raised
    .sort((a, b) => b.by - a.by || a.at - b.at)
    .slice(0, count)
    .map((r) => r.at);
}

function weightOf(entry: readonly [number, number] | undefined): number {
  if (!entry) return 0;
  const [z, n] = entry;
  if (Math.abs(z) <= FTRL.l1) return 0;
  return -(z - Math.sign(z) * FTRL.l1) / ((FTRL.beta + Math.sqrt(n)) / FTRL.alpha + FTRL.l2);
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-Math.max(-35, Math.min(35, x))));
}
