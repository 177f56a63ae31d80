/**
 * Previous/Next buttons, the same on every platform and for every paged reply. How the list was
 * asked for (its subcommand and options, `Reply.paging`) is saved once per list in the database, so
 * the buttons keep working after a restart for a week; a button carries the saved state's id and
 * the page it leads to. Share buttons carry the paper's id and need no state.
 */
import { pageCommand } from '../../commands/paging.js';
import type { OptionValues, ParsedCommand } from '../../commands/types.js';
import type { Reply } from '../core/message.js';
import type { InteractionStateRepository } from '../core/ports.js';

export const PAGING_STATE_KIND = 'paging';
/** Results stay on screen until the client reloads; a week covers any realistic click. */
export const PAGING_STATE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const EXPIRED_BUTTON = 'This button has expired (results are kept for a week); run the /papers command again for fresh results.';

/** What a renderer needs to draw Previous/Next under a reply. */
export interface PageButtons {
  readonly stateId: string;
  readonly page: number;
  readonly pageCount: number;
}

/**
 * Saves how the reply's list was asked for, when it has other pages. A page turned by a button
 * passes the state it came from, which still describes the same list.
 */
export async function pageButtons(
  reply: Reply,
  interactions: Pick<InteractionStateRepository, 'save'>,
  now: Date,
  stateId?: string,
): Promise<PageButtons | undefined> {
  const paging = reply.paging;
  if (!paging || paging.pageCount <= 1 || !paging.args) return undefined;
  const id = stateId ?? (await interactions.save(PAGING_STATE_KIND, { command: paging.command, args: paging.args }, now, PAGING_STATE_TTL_MS));
  return { stateId: id, page: paging.page, pageCount: paging.pageCount };
}

/** The command a Previous/Next button stands for; undefined when its state expired or was never saved. */
export async function turnPage(
  interactions: Pick<InteractionStateRepository, 'load'>,
  stateId: string,
  page: number,
  now: Date,
): Promise<ParsedCommand | undefined> {
  const state = await interactions.load(stateId, now);
  if (!state || state.kind !== PAGING_STATE_KIND) return undefined;
  const { command, args } = (state.payload ?? {}) as { command?: unknown; args?: unknown };
  if (typeof command !== 'string' || typeof args !== 'object' || args === null) return undefined;
  return pageCommand({ command, args: args as OptionValues }, page);
}

/** A Previous/Next button's value: the state and the page it leads to. */
export function pageButtonValue(stateId: string, page: number): string {
  return `${stateId}:${page}`;
}

export function parsePageButtonValue(value: string): { readonly stateId: string; readonly page: number } | undefined {
  const match = /^([A-Za-z0-9_-]{1,40}):(\d{1,6})$/.exec(value);
  return match ? { stateId: match[1]!, page: Number(match[2]) } : undefined;
}
