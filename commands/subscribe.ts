import { MAX_QUERY_LENGTH } from '../src/core/query/parse.js';
import { stringOption } from './options.js';
import type { SubcommandSpec } from './types.js';

export const subscribe = {
  kind: 'subcommand',
  name: 'subscribe',
  description: 'Get a direct message when a new paper matches a topic.',
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
  ],
  examples: ['subscribe "speculative decoding"', 'subscribe author:"Tri Dao"', 'subscribe diffusion distillation -video'],
  run: ({ services, options, context }) =>
    services.subscriptions.subscribe(context.person, stringOption(options, 'topic') ?? '', context.now),
} satisfies SubcommandSpec;
