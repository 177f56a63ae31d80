/**
 * A Reply as Memo messages: plain lines with Memo's markup, outside text escaped so it shows as
 * typed and notifies no one, buttons under the message, and every message within Memo's limits.
 */
import type { Block, PaperItem, Reply } from '../../src/core/message.js';
import { paperUrl } from '../../src/core/paper.js';
import { pageButtonValue, type PageButtons } from '../../src/platforms/page-buttons.js';
import { actionButtonValue, similarButtonValue, similarItems, THUMB_LABEL, votableItems, voteButtonValue } from '../../src/platforms/paper-buttons.js';
import { MEMO_LIMITS, type MemoButton, type MemoMessage } from './memo-service.js';

const ICON = { info: 'ℹ', warning: '⚠', error: '✖' } as const;
/** How much of a brief paper shows; later levels are tried while a message is too long. */
interface Level {
  readonly summaries: boolean;
  readonly title: number;
  readonly authors: boolean;
}
const LEVELS: readonly Level[] = [
  { summaries: true, title: 300, authors: true },
  { summaries: false, title: 300, authors: true },
  { summaries: false, title: 60, authors: false },
];
const PAPER_BUTTONS = 8;

/** Memo's markup characters and `@`, backslash-escaped. */
export function escapeMemo(text: string): string {
  return text.replace(/[\\*_[\]@]/g, (c) => `\\${c}`);
}

/** One message: papers are shortened level by level, and only then is the text cut, until it fits. */
export function renderMemo(reply: Reply, paging?: PageButtons): MemoMessage {
  const fixed = [...shareButtons(reply), ...actionButtons(reply), ...pageButtonsOf(paging)];
  // Share, actions and paging first; then 👍/👎, then More like this, as the room under the message allows.
  const votes = voteButtons(reply, MEMO_LIMITS.buttons - fixed.length);
  const buttons = [...fixed, ...votes, ...similarButtons(reply, MEMO_LIMITS.buttons - fixed.length - votes.length)];
  for (const level of LEVELS) {
    const text = lines(reply, level).join('\n');
    if (text.length <= MEMO_LIMITS.text) return { text, buttons };
  }
  return { text: `${lines(reply, LEVELS.at(-1)!).join('\n').slice(0, MEMO_LIMITS.text - 1)}…`, buttons };
}

/** As many messages as the reply needs (a digest's abstracts): nothing is cut. */
export function renderMemoAll(reply: Reply): MemoMessage[] {
  const messages: string[] = [''];
  const size = MEMO_LIMITS.text;
  const pieces = (line: string) => Array.from({ length: Math.max(1, Math.ceil(line.length / size)) }, (_, i) => line.slice(i * size, (i + 1) * size));
  for (const line of lines(reply, LEVELS[0]!).flatMap(pieces)) {
    if (messages.at(-1)!.length + line.length + 1 > MEMO_LIMITS.text) messages.push('');
    messages[messages.length - 1] += messages.at(-1) === '' ? line : `\n${line}`;
  }
  return messages.map((text) => ({ text }));
}

function lines(reply: Reply, level: Level): string[] {
  const out = reply.blocks.flatMap((block) => blockLines(block, level));
  if (reply.paging && reply.paging.pageCount > 1) out.push(`Page ${reply.paging.page} of ${reply.paging.pageCount}`);
  return out;
}

function blockLines(block: Block, level: Level): string[] {
  switch (block.type) {
    case 'heading':
      return [`*${escapeMemo(block.text)}*`];
    case 'text':
      return [escapeMemo(block.text)];
    case 'notice':
      return [`${ICON[block.tone]} ${escapeMemo(block.text)}`];
    case 'action':
      // A button under the message.
      return [];
    case 'papers':
      return block.items.flatMap((item) => (block.detail === 'full' ? full(item) : brief(item, level)));
  }
}

function link(item: PaperItem, title = Infinity): string {
  const text = item.paper.title.length > title ? `${item.paper.title.slice(0, title - 1)}…` : item.paper.title;
  return `[${escapeMemo(text)}](${paperUrl(item.paper.id)})`;
}

function brief(item: PaperItem, level: Level): string[] {
  const { paper } = item;
  const authors = !level.authors ? '' : paper.authors.length > 3 ? `${paper.authors.slice(0, 3).join(', ')} et al.` : paper.authors.join(', ');
  const out = [`${item.rank}. ${link(item, level.title)} · ▲ ${paper.upvotes}${authors ? ` · ${escapeMemo(authors)}` : ''}`];
  if (item.topics?.length) out.push(`   matches: ${escapeMemo(item.topics.join(', '))}`);
  if (item.reason) out.push(`   why: ${escapeMemo(item.reason)}`);
  if (level.summaries && paper.aiSummary) out.push(`   ${escapeMemo(paper.aiSummary)}`);
  return out;
}

function full(item: PaperItem): string[] {
  const { paper } = item;
  return [link(item), `${paper.id} · ▲ ${paper.upvotes}`, `Authors: ${escapeMemo(paper.authors.join(', '))}`, `Abstract: ${escapeMemo(paper.summary)}`];
}

function shareButtons(reply: Reply): MemoButton[] {
  const buttons = reply.blocks.flatMap((b) =>
    b.type !== 'papers'
      ? []
      : b.items.flatMap((item) => (b.shareable ? [{ label: `Share ${item.rank}`, value: `share:${item.paper.id}` }] : [])),
  );
  return buttons.slice(0, PAPER_BUTTONS);
}

function actionButtons(reply: Reply): MemoButton[] {
  return reply.blocks.flatMap((b) => (b.type === 'action' ? [{ label: b.label, value: `run:${actionButtonValue(b)}` }] : []));
}

/** 👍/👎 for as many papers as the room left under the message holds. */
function voteButtons(reply: Reply, room: number): MemoButton[] {
  return votableItems(reply)
    .slice(0, Math.max(0, Math.floor(room / 2)))
    .flatMap((item) => (['up', 'down'] as const).map((thumb) => ({ label: `${THUMB_LABEL[thumb]} ${item.rank}`, value: `run:${voteButtonValue(thumb, item.paper.id)}` })));
}

function similarButtons(reply: Reply, room: number): MemoButton[] {
  return similarItems(reply)
    .slice(0, Math.max(0, room))
    .map((item) => ({ label: `More like ${item.rank}`, value: `run:${similarButtonValue(item.paper.id)}` }));
}

function pageButtonsOf(paging: PageButtons | undefined): MemoButton[] {
  if (!paging) return [];
  const buttons: MemoButton[] = [];
  if (paging.page > 1) buttons.push({ label: 'Previous', value: `page:${pageButtonValue(paging.stateId, paging.page - 1)}` });
  if (paging.page < paging.pageCount) buttons.push({ label: 'Next', value: `page:${pageButtonValue(paging.stateId, paging.page + 1)}` });
  return buttons;
}
