import type { SubcommandSpec } from './types.js';

export const today = {
  kind: 'subcommand',
  name: 'today',
  description: "Today's top papers on Hugging Face, most upvoted first; only you see them.",
  slow: true,
  options: [],
  examples: ['today'],
  run: ({ services, context }) => services.today.show(context.now),
} satisfies SubcommandSpec;
