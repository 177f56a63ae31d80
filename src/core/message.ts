/**
 * The neutral message model. Use-cases answer with a Reply; each platform renders it natively
 * (Discord embeds, Slack Block Kit, plain text) and owns its own escaping and length limits.
 * Text here is raw: never pre-escaped, never pre-truncated.
 */
import type { Paper } from './paper.js';

export interface PaperItem {
  readonly paper: Paper;
  /** 1-based position in the list being shown. */
  readonly rank: number;
  /** For search results: `local` matches the whole query; `huggingface` is related, found by Hugging Face's own search. */
  readonly origin?: 'local' | 'huggingface';
  /** For search results: the search score (bm25 blended with upvotes). */
  readonly score?: number;
  /** For alerts: the person's topics that matched. */
  readonly topics?: readonly string[];
  /** For `foryou`: what in the paper the person's votes weighed most (words, authors), one line. */
  readonly reason?: string;
}

export type Block =
  | { readonly type: 'heading'; readonly text: string }
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'notice'; readonly tone: 'info' | 'warning' | 'error'; readonly text: string }
  /**
   * `brief`: title, upvotes, authors, one-line summary, links. `full`: everything, abstract included.
   * `shareable`: each item may carry a button that posts it to the channel. `votable`: each item
   * may carry 👍/👎 buttons, whose press is private to the person who pressed. `similar`: each item
   * may carry a "More like this" button, which runs `/papers similar <id>` for whoever presses it
   * (where there are no buttons, that command is shown).
   */
  /**
   * A button that runs a command as the person who presses it (`forget-me confirm`). Text
   * platforms show the command to type instead: `command` and `args` are what the person would type
   * after `/papers`.
   */
  | { readonly type: 'action'; readonly label: string; readonly danger?: boolean; readonly command: string; readonly args: readonly string[] }
  | {
      readonly type: 'papers';
      readonly items: readonly PaperItem[];
      readonly detail: 'brief' | 'full';
      readonly shareable?: boolean;
      readonly votable?: boolean;
      readonly similar?: boolean;
    };

/**
 * Where a paged list is, so platforms can offer other pages. Any command's reply may be paged: the
 * dispatcher names the subcommand and fills in `args`, and a platform shows another page by
 * running that subcommand with those options and another page number (commands/paging.ts).
 */
export interface Paging {
  /** The subcommand path: `search`. */
  readonly command: string;
  /** 1-based. */
  readonly page: number;
  readonly pageCount: number;
  readonly total: number;
  /** The options the list was asked with, its page number left out. */
  readonly args?: Readonly<Record<string, string | number>>;
}

export interface Reply {
  /** `private`: only the caller sees it (ephemeral); `public`: posted to the channel. */
  readonly visibility: 'private' | 'public';
  readonly blocks: readonly Block[];
  readonly paging?: Paging;
}

/** How a text platform offers an action: the command to type. */
export function actionText(block: Extract<Block, { type: 'action' }>): string {
  return `${block.label}: type /papers ${[block.command, ...block.args].join(' ')}`;
}

export function textReply(text: string, visibility: Reply['visibility'] = 'private'): Reply {
  return { visibility, blocks: [{ type: 'text', text }] };
}

export function errorReply(text: string): Reply {
  return { visibility: 'private', blocks: [{ type: 'notice', tone: 'error', text }] };
}
