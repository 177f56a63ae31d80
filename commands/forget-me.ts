import { stringOption } from './options.js';
import type { SubcommandSpec } from './types.js';

export const forgetMe = {
  kind: 'subcommand',
  name: 'forget-me',
  description: 'Delete everything Paperboy keeps about you (votes, topics, alert history), after a confirmation.',
  options: [{ name: 'confirm', type: 'string', textOnly: true, description: 'Type confirm to delete at once', maxLength: 20 }],
  examples: ['forget-me', 'forget-me confirm'],
  run: ({ services, options, context }) => {
    const confirm = stringOption(options, 'confirm');
    return services.forgetMe.run(context.person, confirm?.trim().toLowerCase() === 'confirm');
  },
} satisfies SubcommandSpec;
