import { stringOption } from './options.js';
import type { SubcommandSpec } from './types.js';

export const unsubscribe = {
  kind: 'subcommand',
  name: 'unsubscribe',
  description: 'Stop alerts for one of your topics.',
  options: [
    {
      name: 'topic',
      type: 'string',
      required: true,
      rest: true,
      autocomplete: ({ services, context, partial }) => services.subscriptions.suggest(context.person, partial),
      description: 'The topic as you wrote it, or its number in /papers subscriptions',
      minLength: 1,
      maxLength: 500,
    },
  ],
  examples: ['unsubscribe 2', 'unsubscribe "speculative decoding"'],
  run: ({ services, options, context }) =>
    services.subscriptions.unsubscribe(context.person, stringOption(options, 'topic') ?? ''),
} satisfies SubcommandSpec;
