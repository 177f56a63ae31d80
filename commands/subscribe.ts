import { MAX_QUERY_LENGTH } from '../src/core/query/parse.js';
import { integerOption, stringOption } from './options.js';
import type { SubcommandSpec } from './types.js';

export const subscribe = {
  kind: 'subcommand',
  name: 'subscribe',
  description: 'Get a direct message when a new paper matches a topic, or once it reaches some upvotes.',
  options: [
    {
      name: 'topic',
      type: 'string',
      required: true,
      rest: true,
      description: 'Written like a search: words, "exact phrase", OR, -excluded, author:"Name", org:name',
      minLength: 1,
      maxLength: MAX_QUERY_LENGTH,
    },
    { name: 'min_upvotes', type: 'integer', description: 'Alert when a matching paper reaches this many upvotes, not when it appears', min: 1 },
  ],
  examples: ['subscribe "speculative decoding"', 'subscribe author:"Tri Dao"', 'subscribe diffusion distillation -video', 'subscribe diffusion min_upvotes:20'],
  run: ({ services, options, context }) =>
    services.subscriptions.subscribe(context.person, stringOption(options, 'topic') ?? '', context.now, integerOption(options, 'min_upvotes')),
} satisfies SubcommandSpec;
