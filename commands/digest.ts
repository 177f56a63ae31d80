import { DIGEST_KINDS } from '../src/core/digest/kinds.js';
import { MAX_QUERY_LENGTH } from '../src/core/query/parse.js';
import { MAX_DIGEST_TOP } from '../src/core/use-cases/digest.js';
import { suggestTimezones } from '../src/core/use-cases/schedule-words.js';
import { integerOption, stringOption } from './options.js';
import type { GroupSpec, OptionSpec, SubcommandSpec } from './types.js';

const kindOption = (description: string) => ({ name: 'kind', type: 'choice', choices: DIGEST_KINDS, description }) satisfies OptionSpec;

const set = {
  kind: 'subcommand',
  name: 'set',
  description: "Schedule this channel's digest of one kind; options left out keep their value.",
  admin: true,
  options: [
    { name: 'time', type: 'string', description: 'HH:MM, default 09:00', minLength: 4, maxLength: 5 },
    {
      name: 'timezone',
      type: 'string',
      autocomplete: ({ partial }) => suggestTimezones(partial),
      description: 'IANA zone such as Europe/Berlin, default UTC',
      maxLength: 64,
    },
    { name: 'top', type: 'integer', description: 'How many papers, default 10', min: 1, max: MAX_DIGEST_TOP },
    { name: 'min_upvotes', type: 'integer', description: 'Leave out papers with fewer upvotes, default 0', min: 0 },
    {
      name: 'topic',
      type: 'string',
      description: 'Only papers matching this search; all removes the filter',
      maxLength: MAX_QUERY_LENGTH,
    },
    { name: 'weekdays', type: 'string', description: 'A range like mon-fri (default) or a list like mon,wed,fri', maxLength: 60 },
    { name: 'channel', type: 'channel', description: 'Where to post, default: this channel' },
    kindOption("daily: the day's top (default); weekly: the seven days before; trending: Hugging Face's trending"),
  ],
  examples: [
    'digest set 09:00 Europe/Berlin',
    'digest set top:5 min_upvotes:10',
    'digest set weekdays:mon,wed,fri topic:"diffusion distillation"',
    'digest set 08:00 weekdays:mon kind:weekly',
    'digest set 17:00 top:5 kind:trending',
  ],
  run: ({ services, options, context }) =>
    services.digest.set(context, {
      time: stringOption(options, 'time'),
      timezone: stringOption(options, 'timezone'),
      top: integerOption(options, 'top'),
      minUpvotes: integerOption(options, 'min_upvotes'),
      topic: stringOption(options, 'topic'),
      weekdays: stringOption(options, 'weekdays'),
      channelId: stringOption(options, 'channel'),
      kind: stringOption(options, 'kind'),
    }),
} satisfies SubcommandSpec;

const off = {
  kind: 'subcommand',
  name: 'off',
  description: "Stop this channel's digests (or one kind); the schedule is kept for digest set.",
  admin: true,
  options: [kindOption('Only this kind; default: every digest of this channel')],
  examples: ['digest off', 'digest off weekly'],
  run: ({ services, options, context }) => services.digest.off(context, stringOption(options, 'kind')),
} satisfies SubcommandSpec;

const show = {
  kind: 'subcommand',
  name: 'show',
  description: "This channel's digest schedules.",
  options: [kindOption('Only this kind; default: every digest of this channel')],
  examples: ['digest show', 'digest show trending'],
  run: ({ services, options, context }) => services.digest.show(context, stringOption(options, 'kind')),
} satisfies SubcommandSpec;

const preview = {
  kind: 'subcommand',
  name: 'preview',
  description: 'What the next digest here would contain right now; only you see it.',
  slow: true,
  options: [kindOption('Only this kind; default: every digest of this channel')],
  examples: ['digest preview', 'digest preview weekly'],
  run: ({ services, options, context }) => services.digest.preview(context, stringOption(options, 'kind')),
} satisfies SubcommandSpec;

export const digest = {
  kind: 'group',
  name: 'digest',
  description: "This channel's digests of top papers: daily, weekly, trending.",
  subcommands: [set, off, show, preview],
} satisfies GroupSpec;
