/** The reader model as the store's vote transaction uses it: papers in, the learner's state out. */
import type { VoteLearner } from '../ports.js';
import { paperFeatures } from './paper-features.js';
import { emptyModel, learnVote, replayVotes } from './reader-model.js';

export const readerLearner: VoteLearner = {
  learn: (state, paper, vote) => learnVote(state ?? emptyModel(), paperFeatures(paper), vote),
  replay: (votes) => replayVotes(votes.map(({ paper, vote }) => ({ features: paperFeatures(paper), vote }))),
};
