/**
 * The state behind a reply's Share and paging buttons, saved in the database so a button keeps
 * working after a restart. One entry per reply: the buttons carry its id, the action id says which.
 */
import type { Reply } from '../../core/message.js';
import type { InteractionStateRepository } from '../../core/ports.js';
import type { Controls } from './render-blocks.js';

export const BUTTON_STATE_KIND = 'slack-buttons';
/** Ephemeral results stay on screen until the client reloads; a week covers any realistic click. */
export const BUTTON_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const EXPIRED_BUTTON =
  'This button has expired (results are kept for a week); run the /papers command again for fresh results.';

export interface ButtonState {
  /** Every paper of the reply, in order: a Share button carries its index here. */
  readonly papers: readonly string[];
  readonly search?: { readonly query: string; readonly page: number };
}

/** Saves the state when the reply has buttons, and returns what the renderer needs to draw them. */
export async function saveControls(reply: Reply, interactions: InteractionStateRepository, now: Date): Promise<Controls | undefined> {
  const shareable = reply.blocks.some((b) => b.type === 'papers' && b.shareable === true && b.items.length > 0);
  const paged = reply.paging !== undefined && reply.paging.pageCount > 1;
  if (!shareable && !paged) return undefined;
  const state: ButtonState = {
    papers: reply.blocks.flatMap((b) => (b.type === 'papers' ? b.items.map((i) => i.paper.id) : [])),
    ...(reply.paging ? { search: { query: reply.paging.query, page: reply.paging.page } } : {}),
  };
  return { stateId: await interactions.save(BUTTON_STATE_KIND, state, now, BUTTON_TTL_MS) };
}

/** The saved state, or undefined when it expired or was never ours. */
export async function loadButtonState(interactions: InteractionStateRepository, id: string, now: Date): Promise<ButtonState | undefined> {
  const found = await interactions.load(id, now);
  if (!found || found.kind !== BUTTON_STATE_KIND) return undefined;
  const state = found.payload as Partial<ButtonState>;
  return Array.isArray(state.papers) ? (state as ButtonState) : undefined;
}
