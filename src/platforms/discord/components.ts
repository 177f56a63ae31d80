/**
 * Buttons under a reply. A custom id carries what the button needs: the paper id for Share, and for
 * Previous/Next the saved paging state plus the page (src/platforms/page-buttons.ts), so they keep
 * working after a restart until the state expires.
 */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';
import type { Block, Reply } from '../../core/message.js';
import { pageButtonValue, parsePageButtonValue, type PageButtons } from '../page-buttons.js';

export type ButtonAction =
  | { readonly kind: 'page'; readonly stateId: string; readonly page: number }
  | { readonly kind: 'share'; readonly paperId: string };

export function parseCustomId(customId: string): ButtonAction | undefined {
  const page = customId.startsWith('pb:page:') ? parsePageButtonValue(customId.slice('pb:page:'.length)) : undefined;
  if (page) return { kind: 'page', ...page };
  const share = /^pb:share:([A-Za-z0-9._-]{1,60})$/.exec(customId);
  if (share) return { kind: 'share', paperId: share[1]! };
  return undefined;
}

type Row = APIActionRowComponent<APIButtonComponent>;

/** Share buttons for shareable papers, then Previous/Next when the reply has other pages. */
export function replyComponents(reply: Reply, paging?: PageButtons): Row[] {
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
  if (paging) {
    const { stateId, page, pageCount } = paging;
    const to = (n: number) => `pb:page:${pageButtonValue(stateId, n)}`;
    rows.push({
      type: ComponentType.ActionRow,
      components: [
        { type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Previous', custom_id: to(Math.max(1, page - 1)), disabled: page <= 1 },
        { type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Next', custom_id: to(Math.min(pageCount, page + 1)), disabled: page >= pageCount },
      ],
    });
  }
  return rows;
}
