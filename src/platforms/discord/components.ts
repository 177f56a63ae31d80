/**
 * Buttons under search results and papers. A custom id carries what the button needs: the paper id
 * for Share, and for Previous/Next the id of the saved search plus the page, so they keep working
 * after a restart until the saved search expires.
 */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';
import type { Block, Reply } from '../../core/message.js';

export const SEARCH_STATE_KIND = 'discord.search';
/** Long enough for a reading session; short enough that the table stays small. */
export const SEARCH_STATE_TTL_MS = 24 * 60 * 60 * 1000;

export type ButtonAction =
  | { readonly kind: 'page'; readonly stateId: string; readonly page: number }
  | { readonly kind: 'share'; readonly paperId: string };

export function parseCustomId(customId: string): ButtonAction | undefined {
  const page = /^pb:page:([A-Za-z0-9_-]{1,40}):(\d{1,6})$/.exec(customId);
  if (page) return { kind: 'page', stateId: page[1]!, page: Number(page[2]) };
  const share = /^pb:share:([A-Za-z0-9._-]{1,60})$/.exec(customId);
  if (share) return { kind: 'share', paperId: share[1]! };
  return undefined;
}

type Row = APIActionRowComponent<APIButtonComponent>;

/** Share buttons for shareable papers, then Previous/Next when the reply is paged (`stateId` saved). */
export function replyComponents(reply: Reply, stateId?: string): Row[] {
  const rows: Row[] = [];
  const shareable = reply.blocks.filter((b): b is Extract<Block, { type: 'papers' }> => b.type === 'papers' && b.shareable === true);
  const items = shareable.flatMap((b) => b.items).slice(0, 10);
  for (let i = 0; i < items.length; i += 5) {
    rows.push({
      type: ComponentType.ActionRow,
      components: items.slice(i, i + 5).map((item) => ({
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: items.length === 1 ? 'Share to channel' : `Share ${item.rank}`,
        custom_id: `pb:share:${item.paper.id}`,
      })),
    });
  }
  const paging = reply.paging;
  if (paging && stateId && paging.pageCount > 1) {
    rows.push({
      type: ComponentType.ActionRow,
      components: [
        { type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Previous', custom_id: `pb:page:${stateId}:${Math.max(1, paging.page - 1)}`, disabled: paging.page <= 1 },
        { type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Next', custom_id: `pb:page:${stateId}:${Math.min(paging.pageCount, paging.page + 1)}`, disabled: paging.page >= paging.pageCount },
      ],
    });
  }
  return rows;
}
