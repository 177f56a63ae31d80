/**
 * Digests and DMs over the Web API: chat.postMessage with the abstracts as thread replies, a key in
 * the message metadata so a retried digest or alert DM can find its earlier message, and
 * conversations.open for DMs with the channel remembered in the database.
 */
import type { webApi } from '@slack/bolt';
import { DeliveryError } from '../../core/errors.js';
import type { Messenger, PersonRef, TargetRef } from '../../core/ports.js';
import type { Reply } from '../../core/message.js';
import type { PlatformContext } from '../platform.js';
import { renderMessage, renderThread, type SlackMessage } from './render-blocks.js';
import { channelDeliveryError, directDeliveryError, isSlackError, lookupError, lookupRefused, slackErrorCode } from './errors.js';

/** The metadata event type that marks Paperboy's own posts. */
export const POST_EVENT_TYPE = 'paperboy_post';
/** How far back findPosted and findDirect look: a retry comes within hours, not thousands of messages later. */
const HISTORY_LIMIT = 200;

type Deps = Pick<PlatformContext, 'people' | 'digests' | 'clock' | 'logger'>;

/**
 * The Web API client for a workspace: the one bot token's, or (OAuth installs) the workspace's own;
 * a DeliveryError when the workspace has none.
 */
export type ClientFor = (workspaceId: string | undefined, as: 'target' | 'person') => Promise<webApi.WebClient>;

export function createSlackMessenger(clientFor: ClientFor, deps: Deps): Omit<Messenger, 'platform'> {
  const { logger } = deps;

  /** chat.postMessage with the options every Paperboy message carries. */
  async function send(
    client: webApi.WebClient,
    channel: string,
    message: SlackMessage,
    extra: Partial<webApi.ChatPostMessageArguments> = {},
  ): Promise<string> {
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
    let ts: string;
    let client: webApi.WebClient;
    try {
      client = await clientFor(target.workspaceId, 'target');
      ts = await send(client, target.channelId, renderMessage(message), keyed(options.key));
    } catch (error) {
      const failure = error instanceof DeliveryError ? error : channelDeliveryError(error, target.channelId);
      if (failure.kind === 'target-gone') await deps.digests.disable(target, failure.message, deps.clock.now());
      throw failure;
    }
    if (options.details) {
      // The digest itself is posted; a lost thread reply must not make the digest look unsent.
      try {
        for (const part of renderThread(options.details)) await send(client, target.channelId, part, { thread_ts: ts });
      } catch (error) {
        logger.warn({ err: error, channel: target.channelId, code: slackErrorCode(error) }, 'slack thread reply failed');
      }
    }
    return { messageId: ts };
  }

  /** The top-level message in the channel that carries `key` in its metadata. */
  async function findKeyed(client: webApi.WebClient, channel: string, key: string): Promise<string | undefined> {
    try {
      const history = await client.conversations.history({ channel, include_all_metadata: true, limit: HISTORY_LIMIT });
      const found = history.messages?.find(
        (m) => m.metadata?.event_type === POST_EVENT_TYPE && (m.metadata.event_payload as { key?: unknown } | undefined)?.key === key,
      );
      return found?.ts;
    } catch (error) {
      // Answering "not there" after a failure that may pass would send the message twice: retry later instead.
      if (!lookupRefused(error)) throw lookupError(error);
      // A refusal (a missing *:history scope, a channel the bot left) will not pass: unknown is the honest answer.
      logger.warn({ err: error, channel, code: slackErrorCode(error) }, 'slack history lookup failed');
      return undefined;
    }
  }

  async function findPosted(target: TargetRef, key: string): Promise<string | undefined> {
    return findKeyed(await clientFor(target.workspaceId, 'target'), target.channelId, key);
  }

  async function findDirect(person: PersonRef, key: string): Promise<string | undefined> {
    const prefs = await deps.people.prefs(person);
    const client = await clientFor(prefs.workspaceId, 'person');
    let channel = prefs.dmChannelId;
    if (!channel) {
      try {
        channel = await openDm(client, person);
      } catch (error) {
        if (!lookupRefused(error)) throw lookupError(error);
        logger.warn({ err: error, user: person.userId, code: slackErrorCode(error) }, 'slack DM channel lookup failed');
        return undefined;
      }
    }
    return findKeyed(client, channel, key);
  }

  async function openDm(client: webApi.WebClient, person: PersonRef): Promise<string> {
    const opened = await client.conversations.open({ users: person.userId });
    const channel = opened.channel?.id;
    if (!channel) throw new Error('conversations.open returned no channel');
    await deps.people.setDmChannel(person, channel);
    return channel;
  }

  async function sendDirect(person: PersonRef, message: Reply, options: { readonly key?: string } = {}) {
    const rendered = renderMessage(message);
    const extra = keyed(options.key);
    try {
      const prefs = await deps.people.prefs(person);
      const client = await clientFor(prefs.workspaceId, 'person');
      const known = prefs.dmChannelId;
      if (known) {
        try {
          return { messageId: await send(client, known, rendered, extra) };
        } catch (error) {
          // A remembered DM channel can disappear (workspace migration); open it afresh once.
          if (!isSlackError(error, 'channel_not_found')) throw error;
        }
      }
      return { messageId: await send(client, await openDm(client, person), rendered, extra) };
    } catch (error) {
      throw error instanceof DeliveryError ? error : directDeliveryError(error, person.userId);
    }
  }

  return { post, findPosted, sendDirect, findDirect };
}

/** The message metadata that lets findPosted and findDirect recognise a keyed send after a crash. */
function keyed(key: string | undefined): Partial<webApi.ChatPostMessageArguments> {
  return key ? { metadata: { event_type: POST_EVENT_TYPE, event_payload: { key } } } : {};
}
