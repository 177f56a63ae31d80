/**
 * Buttons under a reply. A custom id carries what the button needs: the paper id for Share, for
 * Previous/Next the saved paging state plus the page (src/platforms/page-buttons.ts), and for
 * 👍/👎, More like this and an action the command it runs (src/platforms/paper-buttons.ts), so they
 * keep working after a restart. Discord allows five rows of five buttons. Previous/Next and an
 * action always have their rows; of the rest, 👍/👎 come first (a 👍 row and a 👎 row per five
 * papers), then More like this (a row per five papers), then Share, as rows remain.
 */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';
import type { ParsedCommand } from '../../../commands/types.js';
import type { Block, PaperItem, Reply } from '../../core/message.js';
import { pageButtonValue, parsePageButtonValue, type PageButtons } from '../page-buttons.js';
import {
  actionButtonValue,
  buttonCommand,
  similarButtonValue,
  similarItems,
  similarLabel,
  THUMB_LABEL,
  votableItems,
  voteButtonValue,
  type Thumb,
} from '../paper-buttons.js';

export type ButtonAction =
  | { readonly kind: 'page'; readonly stateId: string; readonly page: number }
  | { readonly kind: 'share'; readonly paperId: string }
  | { readonly kind: 'run'; readonly command: ParsedCommand };

const MAX_ROWS = 5;
const PER_ROW = 5;
const RUN = 'pb:run:';

export function parseCustomId(customId: string): ButtonAction | undefined {
  const page = customId.startsWith('pb:page:') ? parsePageButtonValue(customId.slice('pb:page:'.length)) : undefined;
  if (page) return { kind: 'page', ...page };
  const share = /^pb:share:([A-Za-z0-9._-]{1,60})$/.exec(customId);
  if (share) return { kind: 'share', paperId: share[1]! };
  const command = customId.startsWith(RUN) ? buttonCommand(customId.slice(RUN.length)) : undefined;
  if (command) return { kind: 'run', command };
  return undefined;
}

type Row = APIActionRowComponent<APIButtonComponent>;
type Button = APIButtonComponent;

/** Share, 👍/👎, More like this and action buttons for the reply's papers, then Previous/Next when it has other pages. */
export function replyComponents(reply: Reply, paging?: PageButtons): Row[] {
  const shareable = reply.blocks.filter((b): b is Extract<Block, { type: 'papers' }> => b.type === 'papers' && b.shareable === true);
  const shareItems = shareable.flatMap((b) => b.items).slice(0, 10);
  const share = rowsOf(shareItems.map((item) => button(shareItems.length === 1 ? 'Share to channel' : `Share ${item.rank}`, `pb:share:${item.paper.id}`)));
  const actions = rowsOf(
    reply.blocks.flatMap((b) => (b.type === 'action' ? [button(b.label, `${RUN}${actionButtonValue(b)}`, b.danger ? ButtonStyle.Danger : ButtonStyle.Primary)] : [])),
  );
  const pager = paging ? [pageRow(paging)] : [];
  const room = MAX_ROWS - pager.length - actions.length;
  const votes = voteRows(votableItems(reply), room);
  const similar = similarItems(reply);
  const more = rowsOf(similar.map((item) => button(similarLabel(item, similar.length > 1), `${RUN}${similarButtonValue(item.paper.id)}`))).slice(
    0,
    Math.max(0, room - votes.length),
  );
  const shares = share.slice(0, Math.max(0, room - votes.length - more.length));
  return [...shares, ...votes, ...more, ...actions, ...pager];
}

/** Per five papers a 👍 row and a 👎 row, as many as `room` allows. */
function voteRows(items: readonly PaperItem[], room: number): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < items.length && rows.length + 2 <= room; i += PER_ROW) {
    const group = items.slice(i, i + PER_ROW);
    for (const thumb of ['up', 'down'] as const satisfies readonly Thumb[]) {
      const label = (item: PaperItem) => (items.length === 1 ? THUMB_LABEL[thumb] : `${THUMB_LABEL[thumb]} ${item.rank}`);
      rows.push(row(group.map((item) => button(label(item), `${RUN}${voteButtonValue(thumb, item.paper.id)}`))));
    }
  }
  return rows;
}

function pageRow({ stateId, page, pageCount }: PageButtons): Row {
  const to = (n: number) => `pb:page:${pageButtonValue(stateId, n)}`;
  return row([
    { ...button('Previous', to(Math.max(1, page - 1)), ButtonStyle.Primary), disabled: page <= 1 },
    { ...button('Next', to(Math.min(pageCount, page + 1)), ButtonStyle.Primary), disabled: page >= pageCount },
  ]);
}

function rowsOf(buttons: readonly Button[]): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < buttons.length; i += PER_ROW) rows.push(row(buttons.slice(i, i + PER_ROW)));
  return rows;
}

function row(components: readonly Button[]): Row {
  return { type: ComponentType.ActionRow, components: [...components] };
}

function button(label: string, customId: string, style: ButtonStyle.Secondary | ButtonStyle.Primary | ButtonStyle.Danger = ButtonStyle.Secondary): Button {
  return { type: ComponentType.Button, style, label, custom_id: customId };
}
