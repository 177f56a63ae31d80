/**
 * The buttons under a reply: Previous/Next page through a search in place, Share posts one paper to
 * the channel. Their state comes from the database, so they work after a restart until it expires.
 */
import type { App, BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import { UserError } from '../../core/errors.js';
import { errorReply, type Reply } from '../../core/message.js';
import type { PlatformContext } from '../platform.js';
import { EXPIRED_BUTTON, loadButtonState, type ButtonState } from './buttons.js';
import { ACTIONS, renderMessage } from './render-blocks.js';
import { answerFailure, responseFor } from './respond.js';
import { isSlackError } from './errors.js';

const PAGING = new RegExp(`^(${ACTIONS.previous}|${ACTIONS.next})$`);
const SHARE = new RegExp(`^${ACTIONS.share}_(\\d+)$`);
const CANNOT_POST =
  'I cannot post in this channel; invite me with /invite @Paperboy (private channels need it), then share again.';

export function routeButtons(app: App, context: PlatformContext): void {
  const { logger } = context;

  app.action<BlockAction<ButtonAction>>(PAGING, async ({ action, body, ack, respond }) => {
    await ack();
    await guarded(body, respond, action.value, async (now, state) => {
      if (!state.search) return errorReply(EXPIRED_BUTTON);
      const page = state.search.page + (action.action_id === ACTIONS.next ? 1 : -1);
      const reply = await context.dispatcher.dispatch({
        command: { name: 'search', options: { query: state.search.query, page } },
        context: { person: { platform: 'slack', userId: body.user.id }, target: targetOf(body), isAdmin: false, now },
      });
      await respond(await responseFor(reply, context, now, { replaceOriginal: true }));
      return undefined;
    });
  });

  app.action<BlockAction<ButtonAction>>(SHARE, async ({ action, body, ack, respond, client }) => {
    await ack();
    await guarded(body, respond, action.value, async (now, state) => {
      const paperId = state.papers[Number(SHARE.exec(action.action_id)?.[1])];
      const channel = body.channel?.id;
      if (paperId === undefined || channel === undefined) return errorReply(EXPIRED_BUTTON);
      const sharedBy = body.user.name ?? body.user.username ?? body.user.id;
      const message = renderMessage(await context.services.paper.share(paperId, sharedBy, now));
      try {
        await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
      } catch (error) {
        if (isSlackError(error, 'not_in_channel', 'channel_not_found', 'is_archived')) return errorReply(CANNOT_POST);
        throw error;
      }
      return undefined;
    });
  });

  // Link buttons open their url in the browser, but Slack still reports the click; acknowledge it.
  app.action(/^paperboy_link_/, async ({ ack }) => {
    await ack();
  });

  /** Loads the button's state and runs `work`; an expired button, a UserError or a failure each get their answer. */
  async function guarded(
    body: BlockAction,
    respond: RespondFn,
    stateId: string | undefined,
    work: (now: Date, state: ButtonState) => Promise<Reply | undefined>,
  ): Promise<void> {
    try {
      const now = context.clock.now();
      const state = stateId ? await loadButtonState(context.interactions, stateId, now) : undefined;
      let answer: Reply | undefined;
      try {
        answer = state ? await work(now, state) : errorReply(EXPIRED_BUTTON);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        answer = errorReply(error.message);
      }
      if (answer) await respond({ ...(await responseFor(answer, context, now)), replace_original: false });
    } catch (error) {
      await answerFailure(error, respond, logger, { action: 'button', user: body.user.id, channel: body.channel?.id });
    }
  }
}

function targetOf(body: BlockAction) {
  const channelId = body.channel?.id;
  if (channelId === undefined || channelId.startsWith('D')) return undefined;
  return { platform: 'slack' as const, channelId, workspaceId: body.team?.id };
}
