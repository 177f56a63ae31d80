import { stringOption } from './options.js';
import type { SubcommandSpec } from './types.js';

export const alerts = {
  kind: 'subcommand',
  name: 'alerts',
  description: 'How topic alerts reach you (at once, daily, or not at all), and the weekly "for you" message.',
  options: [
    {
      name: 'mode',
      type: 'choice',
      required: true,
      choices: ['instant', 'daily', 'off', 'foryou'],
      description: 'instant: as papers arrive; daily: one message a day; off: none; foryou: the weekly message',
    },
    { name: 'time', type: 'string', description: 'For daily: HH:MM, e.g. 08:00; for foryou: weekly or off', minLength: 3, maxLength: 6 },
    { name: 'timezone', type: 'string', description: 'For daily: an IANA zone, e.g. Europe/Berlin', maxLength: 64 },
  ],
  examples: ['alerts instant', 'alerts daily 08:00 Europe/Berlin', 'alerts off', 'alerts foryou weekly'],
  run: ({ services, options, context }) =>
    services.alerts.set(context.person, {
      mode: stringOption(options, 'mode') ?? '',
      time: stringOption(options, 'time'),
      timezone: stringOption(options, 'timezone'),
    }),
} satisfies SubcommandSpec;
