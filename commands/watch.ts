import { stringOption } from './options.js';
import type { OptionSpec, SubcommandSpec } from './types.js';

const id = {
  name: 'id',
  type: 'string',
  required: true,
  rest: true,
  description: 'arXiv id or link, e.g. 2606.01234 or https://huggingface.co/papers/2606.01234',
  minLength: 1,
  maxLength: 300,
} satisfies OptionSpec;

export const watch = {
  kind: 'subcommand',
  name: 'watch',
  description: 'A direct message when a paper gets code, crosses 50/100/250 upvotes, or tops its day.',
  // It may look the paper up on Hugging Face.
  slow: true,
  options: [id],
  examples: ['watch 2606.01234', 'watch https://huggingface.co/papers/2606.01234'],
  run: ({ services, options, context }) => services.watches.watch(context.person, stringOption(options, 'id') ?? '', context.now),
} satisfies SubcommandSpec;

export const unwatch = {
  kind: 'subcommand',
  name: 'unwatch',
  description: 'Stop the milestone messages of a paper you watch.',
  options: [id],
  examples: ['unwatch 2606.01234'],
  run: ({ services, options, context }) => services.watches.unwatch(context.person, stringOption(options, 'id') ?? ''),
} satisfies SubcommandSpec;
