import { MAX_QUERY_LENGTH } from '../src/core/query/parse.js';
import { integerOption, stringOption } from './options.js';
import type { SubcommandSpec } from './types.js';

export const search = {
  kind: 'subcommand',
  name: 'search',
  description: 'Search Daily Papers; only you see the results, and you can share one to the channel.',
  slow: true,
  pagedBy: 'page',
  options: [
    {
      name: 'query',
      type: 'string',
      required: true,
      rest: true,
      description: 'Words, "exact phrase", OR, -excluded, author:"Name", org:name',
      minLength: 1,
      maxLength: MAX_QUERY_LENGTH,
    },
    { name: 'page', type: 'integer', description: 'Which page of results, 5 per page', min: 1, textOnly: true },
  ],
  examples: [
    'search state space models',
    'search "speculative decoding" -survey',
    'search diffusion OR "flow matching" page:2',
    'search author:"Tri Dao" org:princeton',
  ],
  run: ({ services, options, context }) =>
    services.search.run({ query: stringOption(options, 'query') ?? '', page: integerOption(options, 'page') }, context.now),
} satisfies SubcommandSpec;
