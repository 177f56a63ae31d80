import type { Reply } from '../message.js';
import type { Paper } from '../paper.js';

/** The bundled DM: every new paper for one person, each with the topics it matched. */
export function alertReply(items: readonly { readonly paper: Paper; readonly topics: readonly string[] }[]): Reply {
  const n = items.length;
  return {
    // A DM has no one else to hide it from; it is an ordinary message in that channel.
    visibility: 'public',
    blocks: [
      { type: 'heading', text: `${n === 1 ? '1 new paper' : `${n} new papers`} on your topics` },
      {
        type: 'papers',
        detail: 'brief',
        votable: true,
        items: items.map(({ paper, topics }, i) => ({ paper, rank: i + 1, topics })),
      },
    ],
  };
}
