/**
 * The buttons that run a command as the person who presses them, the same on every platform: 👍/👎
 * under a paper (`like`/`dislike` with its id; a second press takes the vote back), More like this
 * under a paper (`similar` with its id) and an action block's button (`forget-me confirm`). A button carries its command as text, parsed by the command
 * tree like a typed line, so it needs no saved state and keeps working across restarts. Whatever
 * message it sits on, a channel's digest included, the answer goes to the presser alone.
 */
import { parseCommandText } from '../../commands/parse-text.js';
import type { ParsedCommand } from '../../commands/types.js';
import type { Block, PaperItem, Reply } from '../core/message.js';

export type Thumb = 'up' | 'down';

/** Papers a reply offers 👍/👎 on: Discord has room under a message for ten. */
export const MOST_VOTED_ITEMS = 10;
/** Papers a reply offers More like this on. */
export const MOST_SIMILAR_ITEMS = 10;

export const THUMB_LABEL: Readonly<Record<Thumb, string>> = { up: '👍', down: '👎' };
const THUMB_COMMAND: Readonly<Record<Thumb, string>> = { up: 'like', down: 'dislike' };

/** The items of the reply's votable papers blocks, at most MOST_VOTED_ITEMS. */
export function votableItems(reply: Reply): PaperItem[] {
  return reply.blocks
    .filter((b): b is Extract<Block, { type: 'papers' }> => b.type === 'papers' && b.votable === true)
    .flatMap((b) => b.items)
    .slice(0, MOST_VOTED_ITEMS);
}

/** The items of the reply's papers blocks that offer More like this, at most MOST_SIMILAR_ITEMS. */
export function similarItems(reply: Reply): PaperItem[] {
  return reply.blocks
    .filter((b): b is Extract<Block, { type: 'papers' }> => b.type === 'papers' && b.similar === true)
    .flatMap((b) => b.items)
    .slice(0, MOST_SIMILAR_ITEMS);
}

/** A More like this button's label: numbered by the paper's rank when the reply has several. */
export function similarLabel(item: PaperItem, several: boolean): string {
  return several ? `More like ${item.rank}` : 'More like this';
}

/** What a More like this button carries: the command it runs, as typed. */
export function similarButtonValue(paperId: string): string {
  return `similar ${paperId}`;
}

/** What a 👍/👎 button carries: the command it runs, as typed. */
export function voteButtonValue(thumb: Thumb, paperId: string): string {
  return `${THUMB_COMMAND[thumb]} ${paperId}`;
}

/** What an action block's button carries. */
export function actionButtonValue(block: Extract<Block, { type: 'action' }>): string {
  return [block.command, ...block.args].join(' ');
}

/**
 * The command a button's value stands for; undefined when it does not parse (a button from
 * another version). Only the commands buttons carry are accepted.
 */
export function buttonCommand(value: string): ParsedCommand | undefined {
  const command = parseCommandText(value);
  if (command instanceof Error) return undefined;
  return ['like', 'dislike', 'similar', 'forget-me'].includes(command.name) ? command : undefined;
}
