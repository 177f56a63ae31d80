/** Memo's refusals in the core's terms: whether trying again can help. */
import { DeliveryError } from '../../src/core/errors.js';
import { MemoError } from './memo-service.js';

export function channelDeliveryError(error: unknown, channel: string): DeliveryError {
  if (error instanceof MemoError && error.code === 'no_such_channel') {
    return new DeliveryError(`Memo channel ${channel} is gone.`, 'target-gone', error.code, { cause: error });
  }
  return transient(error);
}

export function directDeliveryError(error: unknown, user: string): DeliveryError {
  if (error instanceof MemoError && error.code === 'blocked') {
    return new DeliveryError(`Memo user ${user} blocks the bot.`, 'person-unreachable', error.code, { cause: error });
  }
  return transient(error);
}

function transient(error: unknown): DeliveryError {
  const code = error instanceof MemoError ? error.code : undefined;
  return new DeliveryError(`Memo did not take the message (${code ?? 'unknown error'}); it will be retried.`, 'transient', code, { cause: error });
}
