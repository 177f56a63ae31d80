/** `like <id>` and `dislike <id>`: the console's 👍/👎 (chat platforms have buttons; the words work there too). */
import type { VoteValue } from '../src/core/ports.js';
import { stringOption } from './options.js';
import type { SubcommandSpec } from './types.js';

function voteCommand(name: 'like' | 'dislike', vote: VoteValue, description: string): SubcommandSpec {
  return {
    kind: 'subcommand',
    name,
    description,
    options: [{ name: 'id', type: 'string', required: true, rest: true, description: 'arXiv id or link, e.g. 2606.01234', minLength: 1, maxLength: 300 }],
    examples: [`${name} 2606.01234`],
    run: ({ services, options, context }) => services.feedback.vote(context.person, stringOption(options, 'id') ?? '', vote, context.now),
  };
}

export const like = voteCommand('like', 1, '👍 a paper: more like it in your alerts and foryou (again: take it back).');
export const dislike = voteCommand('dislike', -1, '👎 a paper: less like it in your alerts and foryou (again: take it back).');
