/**
 * Delivery to Discord over REST: digests in channels (details in a thread under them), bundled
 * alerts by DM. A `key` becomes the message nonce (Discord returns the first message for a repeated
 * nonce) and a short `ref` in the footer, so `findPosted` can recognise the message after a crash.
 */
import { createHash } from 'node:crypto';
import { ChannelType, Routes, type APIChannel, type APIMessage, type Client } from 'discord.js';
import type { Reply } from '../../core/message.js';
import type { Messenger, PersonRef, TargetRef } from '../../core/ports.js';
import type { PlatformContext } from '../platform.js';
import type { DmOpener } from './dm-opener.js';
import { channelDeliveryError, describeError, directDeliveryError, apiCode } from './errors.js';
import { LIMITS } from './limits.js';
import { replyComponents } from './components.js';
import { renderAll, renderOne, type DiscordMessage } from './render-embeds.js';
import { clip } from './text.js';

/** How far back `findPosted` looks; a digest retry happens within minutes, not days. */
const RECENT_MESSAGES = 50;
const THREAD_ARCHIVE_MINUTES = 1440;

/** The nonce and footer marker for a delivery key: short, stable, and no longer than Discord allows. */
export function refFor(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 16);
}

/** 👍/👎 under the papers of a digest or an alert (they need no saved state). */
function withButtons(rendered: DiscordMessage, reply: Reply): DiscordMessage {
  const components = replyComponents(reply);
  return components.length === 0 ? rendered : { ...rendered, components };
}

export function createDiscordMessenger(context: PlatformContext, client: () => Client<true> | Client, dms: () => DmOpener): Messenger {
  const { logger } = context;
  const rest = () => client().rest;

  async function send(channelId: string, body: DiscordMessage & { nonce?: string; enforce_nonce?: boolean }): Promise<APIMessage> {
    return (await rest().post(Routes.channelMessages(channelId), { body })) as APIMessage;
  }

  async function post(target: TargetRef, message: Reply, options: { details?: Reply; key?: string } = {}): Promise<{ messageId: string }> {
    const ref = options.key === undefined ? undefined : refFor(options.key);
    const marked: Reply = ref ? { ...message, blocks: [...message.blocks, { type: 'text', text: `ref ${ref}` }] } : message;
    const body = { ...withButtons(renderOne(marked), message), ...(ref ? { nonce: ref, enforce_nonce: true } : {}) };
    let sent: APIMessage;
    try {
      sent = await send(target.channelId, body);
    } catch (error) {
      const failure = channelDeliveryError(error, target.channelId);
      // Logged once, by the delivery that called, with what was done about it.
      if (failure.kind === 'target-gone') await context.digests.disable(target, failure.message, context.clock.now());
      throw failure;
    }
    if (options.details) await postDetails(target.channelId, sent, message, options.details);
    return { messageId: sent.id };
  }

  /** The thread is a courtesy: when the channel cannot have one, the digest itself still stands. */
  async function postDetails(channelId: string, parent: APIMessage, message: Reply, details: Reply): Promise<void> {
    const cached = client().channels.cache.get(channelId);
    if (cached && cached.type !== ChannelType.GuildText && cached.type !== ChannelType.GuildAnnouncement) {
      logger.info({ channelId, type: cached.type }, 'channel allows no threads; digest details left out');
      return;
    }
    try {
      const thread = (await rest().post(Routes.threads(channelId, parent.id), {
        body: { name: threadName(message), auto_archive_duration: THREAD_ARCHIVE_MINUTES },
      })) as APIChannel;
      for (const part of renderAll(details)) await send(thread.id, part);
    } catch (error) {
      logger.warn({ channelId, err: describeError(error) }, 'digest details thread could not be posted');
    }
  }

  async function findPosted(target: TargetRef, key: string): Promise<string | undefined> {
    const marker = `ref ${refFor(key)}`;
    let recent: APIMessage[];
    try {
      recent = (await rest().get(Routes.channelMessages(target.channelId), {
        query: new URLSearchParams({ limit: String(RECENT_MESSAGES) }),
      })) as APIMessage[];
    } catch (error) {
      throw channelDeliveryError(error, target.channelId);
    }
    const botId = client().user?.id;
    const found = recent.find(
      (m) =>
        (botId === undefined || m.author.id === botId) &&
        (m.content.includes(marker) || m.embeds.some((e) => e.footer?.text.includes(marker))),
    );
    return found?.id;
  }

  async function openDm(person: PersonRef): Promise<string> {
    const channelId = await dms().open(person.userId);
    await context.people.setDmChannel(person, channelId);
    return channelId;
  }

  async function sendDirect(person: PersonRef, message: Reply, options: { key?: string } = {}): Promise<{ messageId: string }> {
    // Marked and nonced like a digest, so a resumed alert claim finds it with findPosted on the DM channel.
    const ref = options.key === undefined ? undefined : refFor(options.key);
    const marked: Reply = ref ? { ...message, blocks: [...message.blocks, { type: 'text', text: `ref ${ref}` }] } : message;
    const body = { ...withButtons(renderOne(marked), message), ...(ref ? { nonce: ref, enforce_nonce: true } : {}) };
    try {
      const known = (await context.people.prefs(person)).dmChannelId;
      let channelId = known ?? (await openDm(person));
      try {
        return { messageId: (await send(channelId, body)).id };
      } catch (error) {
        // A remembered DM channel can disappear; open it again once.
        if (!known || apiCode(error) !== 10003) throw error;
        channelId = await openDm(person);
        return { messageId: (await send(channelId, body)).id };
      }
    } catch (error) {
      throw directDeliveryError(error, person.userId);
    }
  }

  return { platform: 'discord', post, findPosted, sendDirect };
}

function threadName(message: Reply): string {
  const heading = message.blocks.find((b) => b.type === 'heading');
  const base = heading && heading.type === 'heading' ? heading.text : 'Daily Papers';
  return clip(`Abstracts · ${base}`, LIMITS.threadName);
}
