import { stringOption } from './options.js';
import type { OptionSpec, SubcommandSpec } from './types.js';

/** A paper by arXiv id or link, the rest of the line on text platforms (paper, similar, watch, unwatch). */
export const paperIdOption = {
  name: 'id',
  type: 'string',
  required: true,
  rest: true,
  description: 'arXiv id or link, e.g. 2606.01234 or https://huggingface.co/papers/2606.01234',
  minLength: 1,
  maxLength: 300,
} satisfies OptionSpec;

export const paper = {
  kind: 'subcommand',
  name: 'paper',
  description: 'One paper in full: abstract, authors, links, upvotes and code.',
  slow: true,
  options: [paperIdOption],
  examples: ['paper 2606.01234', 'paper https://arxiv.org/abs/2606.01234v2'],
  run: ({ services, options, context }) => services.paper.show(stringOption(options, 'id') ?? '', context.now),
} satisfies SubcommandSpec;
