/**
 * Digests and DMs over the Web API: chat.postMessage with the abstracts as thread replies, a key in
 * the message metadata so a retried digest can find its earlier post, and conversations.open for
 * DMs with the channel remembered in the database.
 */
import type { webApi } from '@slack/bolt';
import type { Messenger, PersonRef, TargetRef } from '../../core/ports.js';
import type { Reply } from '../../core/message.js';
import type { PlatformContext } from '../platform.js';
import { renderMessage, renderThread, type SlackMessage } from './render-blocks.js';
import { channelDeliveryError, directDeliveryError, isSlackError, slackErrorCode } from './slack-errors.js';

/** The metadata event type that marks Paperboy's own posts. */
export const POST_EVENT_TYPE = 'paperboy_post';
/** How far back findPosted looks: a retry comes within hours, not thousands of messages later. */
const HISTORY_LIMIT = 200;

type Deps = Pick<PlatformContext, 'people' | 'digests' | 'clock' | 'logger'>;

export function createSlackMessenger(client: webApi.WebClient, deps: Deps): Omit<Messenger, 'platform'> {
  const { logger } = deps;

  /** chat.postMessage with the options every Paperboy message carries. */
  async function send(channel: string, message: SlackMessage, extra: Partial<webApi.ChatPostMessageArguments> = {}): Promise<string> {
    const result = await client.chat.postMessage({
      channel,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
      ...extra,
    } as webApi.ChatPostMessageArguments);
    return result.ts ?? '';
  }

  async function post(target: TargetRef, message: Reply, options: { readonly details?: Reply; readonly key?: string } = {}) {
    const metadata = options.key ? { metadata: { event_type: POST_EVENT_TYPE, event_payload: { key: options.key } } } : {};
    let ts: string;
    try {
      ts = await send(target.channelId, renderMessage(message), metadata);
    } catch (error) {
      const failure = channelDeliveryError(error, target.channelId);
      if (failure.kind === 'target-gone') await deps.digests.disable(target, failure.message, deps.clock.now());
      throw failure;
    }
    if (options.details) {
      // The digest itself is posted; a lost thread reply must not make the digest look unsent.
      try {
        for (const part of renderThread(options.details)) await send(target.channelId, part, { thread_ts: ts });
      } catch (error) {
        logger.warn({ err: error, channel: target.channelId, code: slackErrorCode(error) }, 'slack thread reply failed');
      }
    }
    return { messageId: ts };
  }

  async function findPosted(target: TargetRef, key: string): Promise<string | undefined> {
    try {
      const history = await client.conversations.history({ channel: target.channelId, include_all_metadata: true, limit: HISTORY_LIMIT });
      const found = history.messages?.find(
        (m) => m.metadata?.event_type === POST_EVENT_TYPE && (m.metadata.event_payload as { key?: unknown } | undefined)?.key === key,
      );
      return found?.ts;
    } catch (error) {
      // Unknown is an honest answer: the caller then decides whether to post.
      logger.warn({ err: error, channel: target.channelId, code: slackErrorCode(error) }, 'slack history lookup failed');
      return undefined;
    }
  }

  async function openDm(person: PersonRef): Promise<string> {
    const opened = await client.conversations.open({ users: person.userId });
    const channel = opened.channel?.id;
    if (!channel) throw new Error('conversations.open returned no channel');
    await deps.people.setDmChannel(person, channel);
    return channel;
  }

  async function sendDirect(person: PersonRef, message: Reply) {
    const rendered = renderMessage(message);
    try {
      const known = (await deps.people.prefs(person)).dmChannelId;
      if (known) {
        try {
          return { messageId: await send(known, rendered) };
        } catch (error) {
          // A remembered DM channel can disappear (workspace migration); open it afresh once.
          if (!isSlackError(error, 'channel_not_found')) throw error;
        }
      }
      return { messageId: await send(await openDm(person), rendered) };
    } catch (error) {
      throw directDeliveryError(error, person.userId);
    }
  }

  return { post, findPosted, sendDirect };
}
