/**
 * The buttons under a reply: Previous/Next turn the page in place, Share posts one paper to the
 * channel, 👍/👎, More like this and an action's button run their command for the presser (paper-buttons.ts). Paging state comes from the database (page-buttons.ts), so the buttons work after a
 * restart until it expires; Share carries the paper's id.
 */
import type { App, BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import { UserError } from '../../core/errors.js';
import { errorReply, type Reply } from '../../core/message.js';
import { parsePaperRef } from '../../core/paper-ref.js';
import { EXPIRED_BUTTON, parsePageButtonValue, turnPage } from '../page-buttons.js';
import { buttonCommand } from '../paper-buttons.js';
import type { PlatformContext } from '../platform.js';
import { isSlackError } from './errors.js';
import { requestWorkspace, type SlackInstallations } from './installations.js';
import { ACTIONS, renderMessage } from './render-blocks.js';
import { answerFailure, responseFor } from './respond.js';

const PAGING = new RegExp(`^(${ACTIONS.previous}|${ACTIONS.next})$`);
const SHARE = new RegExp(`^${ACTIONS.share}_(\\d+)$`);
const RUN = new RegExp(`^${ACTIONS.run}_`);
const CANNOT_POST =
  'I cannot post in this channel; invite me with /invite @Paperboy (private channels need it), then share again.';

export function routeButtons(app: App, context: PlatformContext, installs: SlackInstallations | undefined): void {
  const { logger } = context;

  app.action<BlockAction<ButtonAction>>(PAGING, async ({ action, body, ack, respond, context: ids }) => {
    await ack();
    await guarded(body, respond, async (now) => {
      const workspaceId = await requestWorkspace(installs, body.user.id, ids, body.team?.id);
      const to = parsePageButtonValue(action.value ?? '');
      const page = to && (await turnPage(context.interactions, to.stateId, to.page, now));
      if (!to || !page) return errorReply(EXPIRED_BUTTON);
      const reply = await context.dispatcher.dispatch({
        command: page,
        context: { person: { platform: 'slack', userId: body.user.id }, target: targetOf(body, workspaceId), isAdmin: false, now },
      });
      await respond(await responseFor(reply, context, now, { replaceOriginal: true, pagingState: to.stateId }));
      return undefined;
    });
  });

  app.action<BlockAction<ButtonAction>>(SHARE, async ({ action, body, ack, respond, client }) => {
    await ack();
    await guarded(body, respond, async (now) => {
      const paperId = paperIdOf(action.value);
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

  // 👍/👎, More like this and confirmations: the command the button carries, answered to the presser alone (a digest in a channel too).
  app.action<BlockAction<ButtonAction>>(RUN, async ({ action, body, ack, respond, context: ids }) => {
    await ack();
    await guarded(body, respond, async (now) => {
      const workspaceId = await requestWorkspace(installs, body.user.id, ids, body.team?.id);
      const command = buttonCommand(action.value ?? '');
      if (!command) return errorReply(EXPIRED_BUTTON);
      const reply = await context.dispatcher.dispatch({
        command,
        context: { person: { platform: 'slack', userId: body.user.id }, target: targetOf(body, workspaceId), isAdmin: false, now },
      });
      return { ...reply, visibility: 'private' };
    });
  });

  // Link buttons open their url in the browser, but Slack still reports the click; acknowledge it.
  app.action(/^paperboy_link_/, async ({ ack }) => {
    await ack();
  });

  /** Runs `work`; a UserError or a failure each get their answer. */
  async function guarded(body: BlockAction, respond: RespondFn, work: (now: Date) => Promise<Reply | undefined>): Promise<void> {
    try {
      const now = context.clock.now();
      let answer: Reply | undefined;
      try {
        answer = await work(now);
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

/** A Share button's paper; a button from an older version carried a state id instead. */
function paperIdOf(value: string | undefined): string | undefined {
  try {
    return value === undefined ? undefined : parsePaperRef(value);
  } catch {
    return undefined;
  }
}

function targetOf(body: BlockAction, workspaceId: string | undefined) {
  const channelId = body.channel?.id;
  if (channelId === undefined || channelId.startsWith('D')) return undefined;
  return { platform: 'slack' as const, channelId, workspaceId };
}
