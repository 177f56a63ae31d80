import { stringOption } from './options.js';
import { paperIdOption } from './paper.js';
import type { SubcommandSpec } from './types.js';

export const watch = {
  kind: 'subcommand',
  name: 'watch',
  description: 'A direct message when a paper gets code, crosses 50/100/250 upvotes, or tops its day.',
  // It may look the paper up on Hugging Face.
  slow: true,
  options: [paperIdOption],
  examples: ['watch 2606.01234', 'watch https://huggingface.co/papers/2606.01234'],
  run: ({ services, options, context }) => services.watches.watch(context.person, stringOption(options, 'id') ?? '', context.now),
} satisfies SubcommandSpec;

export const unwatch = {
  kind: 'subcommand',
  name: 'unwatch',
  description: 'Stop the milestone messages of a paper you watch.',
  options: [paperIdOption],
  examples: ['unwatch 2606.01234'],
  run: ({ services, options, context }) => services.watches.unwatch(context.person, stringOption(options, 'id') ?? ''),
} satisfies SubcommandSpec;
