/**
 * Buttons under a reply. A custom id carries what the button needs: the paper id for Share and More like this, and for
 * Previous/Next the saved paging state plus the page (src/platforms/page-buttons.ts), so they keep
 * working after a restart until the state expires.
 */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';
import type { Block, Reply } from '../../core/message.js';
import { pageButtonValue, parsePageButtonValue, type PageButtons } from '../page-buttons.js';

export type ButtonAction =
  | { readonly kind: 'page'; readonly stateId: string; readonly page: number }
  | { readonly kind: 'share'; readonly paperId: string }
  | { readonly kind: 'similar'; readonly paperId: string };

export function parseCustomId(customId: string): ButtonAction | undefined {
  const page = customId.startsWith('pb:page:') ? parsePageButtonValue(customId.slice('pb:page:'.length)) : undefined;
  if (page) return { kind: 'page', ...page };
  const paper = /^pb:(share|similar):([A-Za-z0-9._-]{1,60})$/.exec(customId);
  if (paper) return paper[1] === 'share' ? { kind: 'share', paperId: paper[2]! } : { kind: 'similar', paperId: paper[2]! };
  return undefined;
}

type Row = APIActionRowComponent<APIButtonComponent>;

/** Share and More like this buttons for the papers that offer them, then Previous/Next when the reply has other pages. */
export function replyComponents(reply: Reply, paging?: PageButtons): Row[] {
  const rows: Row[] = [];
  const blocks = reply.blocks.filter((b): b is Extract<Block, { type: 'papers' }> => b.type === 'papers' && (b.shareable === true || b.similar === true));
  const items = blocks.flatMap((b) => b.items.map((item) => ({ item, share: b.shareable === true, similar: b.similar === true })));
  const one = items.length === 1;
  const buttons: APIButtonComponent[] = items.flatMap(({ item, share, similar }) => [
    ...(share ? [button(one ? 'Share to channel' : `Share ${item.rank}`, `pb:share:${item.paper.id}`)] : []),
    ...(similar ? [button(one ? 'More like this' : `More like ${item.rank}`, `pb:similar:${item.paper.id}`)] : []),
  ]);
  // Discord allows five rows of five; one is kept for paging.
  const kept = buttons.slice(0, 20);
  for (let i = 0; i < kept.length; i += 5) rows.push({ type: ComponentType.ActionRow, components: kept.slice(i, i + 5) });
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

function button(label: string, customId: string): APIButtonComponent {
  return { type: ComponentType.Button, style: ButtonStyle.Secondary, label, custom_id: customId };
}
