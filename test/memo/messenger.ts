/** Digests and alert DMs on Memo; a delivery key rides on the message, so a retry finds it. */
import type { Messenger } from '../../src/core/ports.js';
import type { PlatformContext } from '../../src/platforms/platform.js';
import { channelDeliveryError, directDeliveryError } from './errors.js';
import type { MemoService } from './memo-service.js';
import { renderMemo, renderMemoAll } from './render-memo.js';

export function createMemoMessenger(service: MemoService, context: Pick<PlatformContext, 'digests' | 'clock'>): Messenger {
  return {
    platform: 'memo',
    async post(target, message, options = {}) {
      try {
        const posted = service.post(target.channelId, { ...renderMemo(message), ...(options.key ? { key: options.key } : {}) });
        for (const part of options.details ? renderMemoAll(options.details) : []) service.post(target.channelId, part, posted.id);
        return { messageId: posted.id };
      } catch (error) {
        const failure = channelDeliveryError(error, target.channelId);
        if (failure.kind === 'target-gone') await context.digests.disable(target, failure.message, context.clock.now());
        throw failure;
      }
    },
    async findPosted(target, key) {
      return service.history(target.channelId).find((m) => m.key === key)?.id;
    },
    async sendDirect(person, message, options = {}) {
      try {
        return { messageId: service.dm(person.userId, { ...renderMemo(message), ...(options.key ? { key: options.key } : {}) }).id };
      } catch (error) {
        throw directDeliveryError(error, person.userId);
      }
    },
    async findDirect(person, key) {
      return service.history(`dm:${person.userId}`).find((m) => m.key === key)?.id;
    },
  };
}
