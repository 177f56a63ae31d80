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
