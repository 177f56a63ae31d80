import { stringOption } from './options.js';
import type { SubcommandSpec } from './types.js';

export const alerts = {
  kind: 'subcommand',
  name: 'alerts',
  description: 'How topic alerts reach you: at once, in one daily message, or not at all.',
  options: [
    {
      name: 'mode',
      type: 'choice',
      required: true,
      choices: ['instant', 'daily', 'off'],
      description: 'instant: as papers arrive; daily: one message a day; off: none',
    },
    { name: 'time', type: 'string', description: 'For daily: HH:MM, e.g. 08:00', minLength: 4, maxLength: 5 },
    { name: 'timezone', type: 'string', description: 'For daily: an IANA zone, e.g. Europe/Berlin', maxLength: 64 },
  ],
  examples: ['alerts instant', 'alerts daily 08:00 Europe/Berlin', 'alerts off'],
  run: ({ services, options, context }) =>
    services.alerts.set(context.person, {
      mode: stringOption(options, 'mode') ?? '',
      time: stringOption(options, 'time'),
      timezone: stringOption(options, 'timezone'),
    }),
} satisfies SubcommandSpec;
