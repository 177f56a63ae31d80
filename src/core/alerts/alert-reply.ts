import type { Block, Reply } from '../message.js';
import type { Paper } from '../paper.js';
import type { Milestone } from '../ports.js';

export interface AlertItem {
  readonly paper: Paper;
  readonly topics: readonly string[];
  /** Absent: a topic alert. */
  readonly milestone?: Milestone | undefined;
}

const SAID: Readonly<Record<Milestone, string>> = {
  code: 'code released',
  'upvotes-50': 'crossed 50 upvotes',
  'upvotes-100': 'crossed 100 upvotes',
  'upvotes-250': 'crossed 250 upvotes',
  'top-of-day': 'top paper of its day',
};

/**
 * The bundled DM: every paper for one person, those matching topics with the topics they matched,
 * then the papers they watch with what each reached.
 */
export function alertReply(items: readonly AlertItem[]): Reply {
  const blocks: Block[] = [];
  const news = items.filter((i) => i.milestone === undefined);
  if (news.length > 0) {
    const n = news.length;
    blocks.push(
      { type: 'heading', text: `${n === 1 ? '1 new paper' : `${n} new papers`} on your topics` },
      { type: 'papers', detail: 'brief', votable: true, similar: true, items: news.map(({ paper, topics }, i) => ({ paper, rank: i + 1, topics })) },
    );
  }
  const reached = new Map<string, { paper: Paper; said: string[] }>();
  for (const item of items) {
    if (item.milestone === undefined) continue;
    const entry = reached.get(item.paper.id) ?? { paper: item.paper, said: [] };
    entry.said.push(SAID[item.milestone]);
    reached.set(item.paper.id, entry);
  }
  if (reached.size > 0) {
    const entries = [...reached.values()];
    blocks.push(
      { type: 'heading', text: 'Papers you watch' },
      { type: 'text', text: entries.map((e) => `${e.paper.title}: ${e.said.join(', ')}.`).join('\n') },
      { type: 'papers', detail: 'brief', votable: true, similar: true, items: entries.map(({ paper }, i) => ({ paper, rank: news.length + i + 1 })) },
    );
  }
  // A DM has no one else to hide it from; it is an ordinary message in that channel.
  return { visibility: 'public', blocks };
}
