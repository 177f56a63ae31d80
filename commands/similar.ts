import { stringOption } from './options.js';
import type { SubcommandSpec } from './types.js';
import { paperIdOption } from './paper.js';

export const similar = {
  kind: 'subcommand',
  name: 'similar',
  description: 'The five papers most like one paper, by title, keywords and abstract.',
  // It may look the paper up on Hugging Face.
  slow: true,
  options: [paperIdOption],
  examples: ['similar 2606.01234', 'similar https://huggingface.co/papers/2606.01234'],
  run: ({ services, options, context }) => services.similar.show(stringOption(options, 'id') ?? '', context.now),
} satisfies SubcommandSpec;
