/**
 * A problem the person can fix: bad input, an unknown id, a missing permission. Its message is one
 * sentence that says what was wrong and what would work, and is shown to the person as is.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

/** An outside service (Hugging Face, a chat platform) could not be reached or answered wrongly. */
export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
  constructor(
    message: string,
    readonly service: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A chat platform did not take a message. `person-unreachable`: the person cannot be messaged
 * (blocked the bot, DMs closed, deactivated); `target-gone`: the channel is deleted or the bot lost
 * access; both are permanent until something changes. `transient`: try again later.
 */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    message: string,
    readonly kind: 'person-unreachable' | 'target-gone' | 'transient',
    readonly platformCode?: string | number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get permanent(): boolean {
    return this.kind !== 'transient';
  }
}
