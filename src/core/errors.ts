/**
 * A problem the person can fix: bad input, an unknown id, a missing permission. Its message is one
 * sentence that says what was wrong and what would work, and is shown to the person as is.
 */
export class UserError extends Error {
  override readonly name: string = 'UserError';
}

/**
 * A command typed wrongly: a `/papers` line the parser cannot read, or a `paperboy` command line
 * (exit code 2). `usage` is the usage line of the nearest command, when there is one.
 */
export class UsageError extends UserError {
  override readonly name: string = 'UsageError';
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
  }
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
