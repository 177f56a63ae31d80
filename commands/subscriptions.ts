import type { SubcommandSpec } from './types.js';

export const subscriptions = {
  kind: 'subcommand',
  name: 'subscriptions',
  description: 'Your topics, numbered, and the papers you watch.',
  options: [],
  examples: ['subscriptions'],
  run: ({ services, context }) => services.subscriptions.list(context.person),
} satisfies SubcommandSpec;
