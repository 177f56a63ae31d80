import type { SubcommandSpec } from './types.js';

export const foryou = {
  kind: 'subcommand',
  name: 'foryou',
  description: 'Your top papers of the last 7 days, learnt from your 👍/👎, with why.',
  options: [],
  examples: ['foryou'],
  run: ({ services, context }) => services.feedback.forYou(context.person, context.now),
} satisfies SubcommandSpec;
