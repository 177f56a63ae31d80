/** The reader model as the store's vote transaction uses it: papers in, the learner's state out, compact for keeping. */
import type { VoteLearner } from '../ports.js';
import { paperFeatures } from './paper-features.js';
import { compactModel, emptyModel, learnVote, replayVotes } from './reader-model.js';

export const readerLearner: VoteLearner = {
  learn: (state, paper, vote) => compactModel(learnVote(state ?? emptyModel(), paperFeatures(paper), vote)),
  replay: (votes) => compactModel(replayVotes(votes.map(({ paper, vote }) => ({ features: paperFeatures(paper), vote })))),
};
