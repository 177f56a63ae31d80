/**
 * A neutral Reply as Slack Block Kit, within Slack's limits: 50 blocks, 3000 characters a section,
 * 150 a header, and about 12,000 characters of block text in all (`msg_blocks_too_long` beyond).
 * A single message shortens its papers step by step until it fits; a thread of details is spread
 * over as many messages as it needs. `text`, the notification fallback, is always set.
 */
import type { types } from '@slack/bolt';
import { actionText, type Block, type Paging, type Reply } from '../../core/message.js';
import { pageButtonValue, type PageButtons } from '../page-buttons.js';
import { actionButtonValue, similarButtonValue, THUMB_LABEL, voteButtonValue } from '../paper-buttons.js';
import { fitEscaped } from './escape.js';
import { briefPaper, fullPaper, sections, type BriefStyle } from './render-paper.js';

export const SLACK_LIMITS = { blocks: 50, header: 150, section: 3000, messageText: 12_000 } as const;
const FALLBACK_TEXT_LIMIT = 300;

export interface SlackMessage {
  readonly text: string;
  readonly blocks: types.KnownBlock[];
}

/**
 * Action ids of the interactive buttons. A Share button's value is the paper's id, and its action
 * id ends with the paper's index among the reply's papers (action ids are unique in a message);
 * Previous/Next carry the saved paging state and the page they lead to (page-buttons.ts); 👍/👎,
 * More like this and an action's button carry the command they run, and their action ids end with
 * what makes them unique.
 */
export const ACTIONS = {
  share: 'paperboy_share',
  /** 👍/👎, More like this and action buttons: the value is the command they run (paper-buttons.ts). */
  run: 'paperboy_run',
  previous: 'paperboy_page_previous',
  next: 'paperboy_page_next',
} as const;

/** From the fullest to the leanest; the leanest fits 25 papers (the largest digest) with room to spare. */
const STYLES: readonly BriefStyle[] = [
  { title: 300, summary: 280, authors: 3, linkButtons: true, paperButtons: true, extraLinks: true },
  { title: 300, summary: 280, authors: 3, linkButtons: false, paperButtons: true, extraLinks: true },
  { title: 300, summary: 140, authors: 3, linkButtons: false, paperButtons: true, extraLinks: true },
  { title: 200, summary: 0, authors: 1, linkButtons: false, paperButtons: true, extraLinks: true },
  // 25 papers with a block of buttons each would pass Slack's 50 blocks: the leanest has none.
  { title: 120, summary: 0, authors: 0, linkButtons: false, paperButtons: false, extraLinks: false },
];

/** One message; when even the shortest style is too long, papers are dropped from the end with a note. */
export function renderMessage(reply: Reply, paging?: PageButtons): SlackMessage {
  for (const style of STYLES) {
    const blocks = orText(renderBlocks(reply, style, paging), reply);
    if (fits(blocks)) return { text: fallbackText(reply), blocks };
  }
  const blocks = renderBlocks(reply, STYLES[STYLES.length - 1]!, paging);
  return { text: fallbackText(reply), blocks: shrink(blocks) };
}

/** As many messages as the reply needs (a thread of abstracts), each within the limits. */
export function renderThread(reply: Reply): SlackMessage[] {
  const messages: SlackMessage[] = [];
  let current: types.KnownBlock[] = [];
  for (const block of renderBlocks(reply, STYLES[0]!, undefined)) {
    if (current.length > 0 && !fits([...current, block])) {
      messages.push({ text: fallbackText(reply), blocks: current });
      current = [];
    }
    current.push(block);
  }
  if (current.length > 0) messages.push({ text: fallbackText(reply), blocks: current });
  return messages;
}

/** The characters Slack counts towards a message's block text. */
export function blockTextLength(blocks: readonly types.KnownBlock[]): number {
  let total = 0;
  for (const block of blocks) {
    if (block.type === 'header') total += block.text.text.length;
    if (block.type === 'section') {
      total += block.text?.text.length ?? 0;
      if (block.accessory && block.accessory.type === 'button') total += block.accessory.text.text.length;
    }
    if (block.type === 'context') for (const e of block.elements) total += 'text' in e ? e.text.length : 0;
    if (block.type === 'actions') for (const e of block.elements) total += e.type === 'button' ? e.text.text.length : 0;
  }
  return total;
}

export function fits(blocks: readonly types.KnownBlock[]): boolean {
  return blocks.length <= SLACK_LIMITS.blocks && blockTextLength(blocks) <= SLACK_LIMITS.messageText;
}

function renderBlocks(reply: Reply, style: BriefStyle, paging: PageButtons | undefined): types.KnownBlock[] {
  const out: types.KnownBlock[] = [];
  let papersBefore = 0;
  for (const block of reply.blocks) {
    out.push(...renderBlock(block, style, papersBefore));
    if (block.type === 'papers') papersBefore += block.items.length;
  }
  if (reply.paging) out.push(...pagingBlocks(reply.paging, paging));
  return out;
}

/** `first`: the index of the block's first paper among all papers of the reply (what Share buttons carry). */
function renderBlock(block: Block, style: BriefStyle, first: number): types.KnownBlock[] {
  switch (block.type) {
    case 'heading':
      if (block.text.trim() === '') return [];
      return [{ type: 'header', text: { type: 'plain_text', text: fitEscaped(block.text, SLACK_LIMITS.header), emoji: false } }];
    case 'text':
      return block.text.trim() === '' ? [] : sections(fitEscaped(block.text, SLACK_LIMITS.messageText));
    case 'notice':
      if (block.text.trim() === '') return [];
      return sections(`${NOTICE_ICON[block.tone]} ${fitEscaped(block.text, SLACK_LIMITS.section - 30)}`);
    case 'action':
      return [
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              text: { type: 'plain_text', text: block.label },
              ...(block.danger ? { style: 'danger' as const } : {}),
              action_id: `${ACTIONS.run}_action_${first}`,
              value: actionButtonValue(block),
            },
          ],
        },
      ];
    case 'papers': {
      const buttons = (index: number): types.Button[] => {
        const item = block.items[index - first];
        if (!item) return [];
        const value = item.paper.id;
        return [
          ...(block.shareable ? [{ type: 'button' as const, text: { type: 'plain_text' as const, text: 'Share' }, action_id: `${ACTIONS.share}_${index}`, value }] : []),
          ...(block.similar
            ? [{ type: 'button' as const, text: { type: 'plain_text' as const, text: 'More like this' }, action_id: `${ACTIONS.run}_similar_${index}`, value: similarButtonValue(value) }]
            : []),
        ];
      };
      const votes = (index: number): types.Button[] => {
        const item = block.items[index - first];
        if (!block.votable || !item) return [];
        return (['up', 'down'] as const).map((thumb) => ({
          type: 'button',
          text: { type: 'plain_text', text: THUMB_LABEL[thumb], emoji: true },
          action_id: `${ACTIONS.run}_${thumb}_${index}`,
          value: voteButtonValue(thumb, item.paper.id),
        }));
      };
      return block.items.flatMap((item, i) =>
        block.detail === 'full' ? fullPaper(item, first + i, buttons, votes) : briefPaper(item, first + i, style, buttons, votes),
      );
    }
  }
}

const NOTICE_ICON = { info: ':information_source:', warning: ':warning:', error: ':x:' } as const;

function pagingBlocks(paging: Paging, buttons: PageButtons | undefined): types.KnownBlock[] {
  if (paging.pageCount <= 1) return [];
  const where = `Page ${paging.page} of ${paging.pageCount} · ${paging.total} results`;
  const blocks: types.KnownBlock[] = [{ type: 'context', elements: [{ type: 'mrkdwn', text: where }] }];
  if (!buttons) return blocks;
  const to = (page: number) => pageButtonValue(buttons.stateId, page);
  const elements: types.Button[] = [];
  if (paging.page > 1) {
    elements.push({ type: 'button', text: { type: 'plain_text', text: '◀ Previous' }, action_id: ACTIONS.previous, value: to(paging.page - 1) });
  }
  if (paging.page < paging.pageCount) {
    elements.push({ type: 'button', text: { type: 'plain_text', text: 'Next ▶' }, action_id: ACTIONS.next, value: to(paging.page + 1) });
  }
  blocks.push({ type: 'actions', elements });
  return blocks;
}

/** A reply with nothing to show still makes a valid message. */
function orText(blocks: types.KnownBlock[], reply: Reply): types.KnownBlock[] {
  return blocks.length > 0 ? blocks : [{ type: 'section', text: { type: 'mrkdwn', text: fallbackText(reply) } }];
}

/** Drops blocks from the end until the message fits, saying that it was cut. */
function shrink(blocks: types.KnownBlock[]): types.KnownBlock[] {
  const note: types.KnownBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: 'Cut short to fit in one Slack message.' }] };
  const kept = [...blocks];
  while (kept.length > 0 && !fits([...kept, note])) kept.pop();
  return [...kept, note];
}

/** The notification text: the reply's first words, escaped like everything else. */
function fallbackText(reply: Reply): string {
  for (const block of reply.blocks) {
    if (block.type === 'papers') {
      const first = block.items[0];
      if (first) return fitEscaped(first.paper.title.replace(/\s+/g, ' ').trim() || first.paper.id, FALLBACK_TEXT_LIMIT);
    } else if (block.type === 'action') {
      return fitEscaped(actionText(block), FALLBACK_TEXT_LIMIT);
    } else if (block.text.trim() !== '') {
      return fitEscaped(block.text.replace(/\s+/g, ' ').trim(), FALLBACK_TEXT_LIMIT);
    }
  }
  return 'Paperboy';
}
