/**
 * Answering through a response_url: the rendered reply, ephemeral unless it is public, and the
 * platform's one error boundary, which logs the failure and tells the person.
 */
import type { RespondArguments, RespondFn } from '@slack/bolt';
import type { Reply } from '../../core/message.js';
import type { Logger } from '../../logger.js';
import { pageButtons } from '../page-buttons.js';
import type { PlatformContext } from '../platform.js';
import { renderMessage } from './render-blocks.js';
import { slackErrorCode } from './errors.js';

export const SOMETHING_WENT_WRONG = 'Something went wrong on our side; it has been logged. Please try again in a minute.';

/**
 * Renders the reply as a response_url payload, its paging state saved first (a page turned by a
 * button passes the state it came from).
 */
export async function responseFor(
  reply: Reply,
  context: Pick<PlatformContext, 'interactions'>,
  now: Date,
  options: { readonly replaceOriginal?: boolean; readonly pagingState?: string } = {},
): Promise<RespondArguments> {
  const message = renderMessage(reply, await pageButtons(reply, context.interactions, now, options.pagingState));
  return {
    response_type: reply.visibility === 'public' ? 'in_channel' : 'ephemeral',
    ...(options.replaceOriginal ? { replace_original: true } : {}),
    text: message.text,
    blocks: message.blocks,
    unfurl_links: false,
    unfurl_media: false,
  };
}

/** The error boundary: whatever failed, log it with what was asked, and answer the person. */
export async function answerFailure(error: unknown, respond: RespondFn | undefined, logger: Logger, about: Record<string, unknown>): Promise<void> {
  logger.error({ err: error, code: slackErrorCode(error), ...about }, 'slack request failed');
  if (!respond) return;
  try {
    await respond({ response_type: 'ephemeral', replace_original: false, text: `:x: ${SOMETHING_WENT_WRONG}` });
  } catch (second) {
    logger.warn({ err: second }, 'slack could not tell the person about the failure');
  }
}
