/**
 * One GET against the Hugging Face API with a per-request timeout and retries (p-retry) on 5xx,
 * 429, network errors, timeouts and cut-off bodies. Waits use the injected `sleep`, so tests see
 * every delay without spending it: p-retry's own delay is set to zero and the backoff (exponential,
 * with jitter) happens in `shouldRetry`, stretched to whatever the server asked for.
 */
import pRetry from 'p-retry';
import { UpstreamError } from '../../core/errors.js';
import { quotaResetMs, serverWaitMs } from './rate-limit.js';

export interface HfLogger {
  warn(obj: object, msg: string): void;
  debug?(obj: object, msg: string): void;
}

export interface HfHttpOptions {
  readonly baseUrl: string;
  readonly token?: string | undefined;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly fetch: typeof fetch;
  readonly sleep: (ms: number) => Promise<void>;
  readonly logger?: HfLogger | undefined;
  /** Told of every attempt's answer: its HTTP status, or `network` / `timeout` when none came. */
  readonly onRequest?: ((status: string) => void) | undefined;
}

/** A JSON body, or a status the caller asked to handle itself (e.g. 404 for an unknown paper). */
export type HfAnswer = { readonly status: number; readonly body: unknown };

/**
 * `batch`: ingest, which can wait; the full retry budget. `interactive`: a person is waiting for a
 * search or lookup; one retry, a shorter timeout, and while Hugging Face was just found unreachable
 * the call fails at once instead of making them wait through the retries again.
 */
export type HfCallMode = 'batch' | 'interactive';

export interface HfHttp {
  /** `label` names the request in errors and logs, e.g. `daily_papers?date=2026-06-03`. */
  getJson(
    path: string,
    query: Record<string, string>,
    label: string,
    passThrough: readonly number[],
    mode?: HfCallMode,
  ): Promise<HfAnswer>;
}

/** Longest wait we accept from Retry-After or RateLimit; beyond it we retry anyway (and log it). */
export const MAX_SERVER_WAIT_MS = 5 * 60_000;
const BASE_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;
const SERVICE = 'huggingface';
const INTERACTIVE_RETRIES = 1;
/** Retries after a network error (no answer at all), whatever the budget for 5xx and 429. */
export const NETWORK_RETRIES = 2;
const INTERACTIVE_TIMEOUT_MS = 10_000;
/** After Hugging Face could not be reached, interactive calls fail fast for this long. */
export const UNREACHABLE_MEMORY_MS = 60_000;

type FailureKind = 'status' | 'network' | 'timeout' | 'truncated' | 'not-json';

class AttemptFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly status?: number,
    readonly serverWait?: number,
    options?: { cause?: unknown },
  ) {
    super(kind, options);
  }

  get retryable(): boolean {
    if (this.kind !== 'status') return true;
    const status = this.status ?? 0;
    return status >= 500 || status === 429 || status === 408 || status === 425;
  }
}

export function createHfHttp(options: HfHttpOptions): HfHttp {
  const base = options.baseUrl.replace(/\/+$/, '');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  // Set when a successful answer said the quota is used up; the next request waits it out first,
  // and requests that start meanwhile (an ingest fetches a few lists at once) wait on the same pause.
  let quotaWaitMs = 0;
  let quotaPause: Promise<void> | undefined;
  let unreachable: { until: number; error: UpstreamError } | undefined;

  async function attempt(url: string, label: string, passThrough: readonly number[], timeoutMs: number): Promise<HfAnswer> {
    if (quotaWaitMs > 0) {
      const wait = Math.min(quotaWaitMs, MAX_SERVER_WAIT_MS);
      quotaWaitMs = 0;
      options.logger?.warn({ request: label, waitMs: wait }, `Hugging Face quota used up; waiting ${seconds(wait)} s before ${label}`);
      const pause = options.sleep(wait).finally(() => {
        if (quotaPause === pause) quotaPause = undefined;
      });
      quotaPause = pause;
    }
    if (quotaPause) await quotaPause;
    let response: Response;
    try {
      response = await options.fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const kind = isTimeout(error) ? 'timeout' : 'network';
      options.onRequest?.(kind);
      throw new AttemptFailure(kind, undefined, undefined, { cause: error });
    }
    options.onRequest?.(String(response.status));
    if (!response.ok && !passThrough.includes(response.status)) {
      await response.body?.cancel().catch(() => undefined);
      throw new AttemptFailure('status', response.status, serverWaitMs(response.headers, Date.now()));
    }
    // Max, not assignment: an answer to a request sent before the quota ran out must not cancel the wait.
    quotaWaitMs = Math.max(quotaWaitMs, quotaResetMs(response.headers, Date.now()) ?? 0);
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return { status: response.status, body: undefined };
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new AttemptFailure(isTimeout(error) ? 'timeout' : 'truncated', response.status, undefined, { cause: error });
    }
    try {
      return { status: response.status, body: JSON.parse(text) as unknown };
    } catch (error) {
      // Complete JSON never fails to parse; a body that does was most likely cut off on the way.
      throw new AttemptFailure('not-json', response.status, undefined, { cause: error });
    }
  }

  async function backOff(failure: AttemptFailure, label: string, retriesConsumed: number): Promise<void> {
    const backoff = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** retriesConsumed) * (0.5 + Math.random());
    const asked = failure.serverWait ?? 0;
    const wait = Math.round(Math.max(backoff, Math.min(asked, MAX_SERVER_WAIT_MS)));
    const what = failure.kind === 'status' ? `answered ${failure.status}` : describeKind(failure.kind);
    const why =
      asked > MAX_SERVER_WAIT_MS
        ? ` (it asked for ${seconds(asked)} s; capped at ${seconds(MAX_SERVER_WAIT_MS)} s)`
        : asked > 0
          ? ' as it asked (Retry-After / RateLimit)'
          : '';
    options.logger?.warn(
      { request: label, attempt: retriesConsumed + 1, status: failure.status, waitMs: wait },
      `Hugging Face ${what} for ${label}; retrying in ${seconds(wait)} s${why}`,
    );
    await options.sleep(wait);
  }

  return {
    async getJson(path, query, label, passThrough, mode = 'batch') {
      const search = new URLSearchParams(query).toString();
      const url = `${base}${path}${search ? `?${search}` : ''}`;
      const interactive = mode === 'interactive';
      if (interactive && unreachable && Date.now() < unreachable.until) throw unreachable.error;
      const timeoutMs = interactive ? Math.min(options.timeoutMs, INTERACTIVE_TIMEOUT_MS) : options.timeoutMs;
      let attempts = 0;
      try {
        const answer = await pRetry(
          () => {
            attempts += 1;
            return attempt(url, label, passThrough, timeoutMs);
          },
          {
            retries: interactive ? Math.min(options.retries, INTERACTIVE_RETRIES) : options.retries,
            minTimeout: 0,
            shouldRetry: async ({ error, retriesConsumed }) => {
              if (!(error instanceof AttemptFailure) || !error.retryable) return false;
              // A refused connection or a failed lookup rarely heals within seconds; the next
              // scheduled poll tries again, so nobody waits through the full budget for it.
              if (error.kind === 'network' && retriesConsumed >= NETWORK_RETRIES) return false;
              await backOff(error, label, retriesConsumed);
              return true;
            },
          },
        );
        unreachable = undefined;
        return answer;
      } catch (error) {
        const upstream = toUpstreamError(error, label, attempts, timeoutMs);
        if (error instanceof AttemptFailure && (error.kind === 'network' || error.kind === 'timeout')) {
          unreachable = { until: Date.now() + UNREACHABLE_MEMORY_MS, error: upstream };
        }
        throw upstream;
      }
    },
  };
}

function toUpstreamError(error: unknown, label: string, attempts: number, timeoutMs: number): UpstreamError {
  if (!(error instanceof AttemptFailure)) {
    return new UpstreamError(`Hugging Face request ${label} failed: ${String(error)}.`, SERVICE, undefined, { cause: error });
  }
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  const cause = { cause: error.cause ?? error };
  switch (error.kind) {
    case 'status': {
      const hint = error.status === 401 || error.status === 403 ? ' (check HF_TOKEN)' : '';
      return new UpstreamError(`Hugging Face answered ${error.status} for ${label}${tries}${hint}.`, SERVICE, error.status, cause);
    }
    case 'timeout':
      return new UpstreamError(
        `Hugging Face did not answer ${label} within ${seconds(timeoutMs)} s${tries}.`,
        SERVICE,
        undefined,
        cause,
      );
    case 'network':
      return new UpstreamError(
        `Could not reach Hugging Face for ${label}${tries} (${networkReason(error.cause)}).`,
        SERVICE,
        undefined,
        cause,
      );
    case 'truncated':
      return new UpstreamError(`Hugging Face sent an incomplete response for ${label}${tries}.`, SERVICE, error.status, cause);
    case 'not-json':
      return new UpstreamError(
        `Hugging Face sent a malformed response for ${label}: the body is not valid JSON${tries}.`,
        SERVICE,
        error.status,
        cause,
      );
  }
}

function describeKind(kind: FailureKind): string {
  if (kind === 'timeout') return 'did not answer in time';
  if (kind === 'network') return 'could not be reached';
  if (kind === 'truncated') return 'sent an incomplete response';
  return 'sent a body that is not JSON';
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || (error.cause instanceof Error && error.cause.name === 'TimeoutError'));
}

function networkReason(cause: unknown): string {
  const inner = cause instanceof Error && cause.cause instanceof Error ? cause.cause : cause;
  if (inner instanceof Error) {
    const code = (inner as { code?: unknown }).code;
    return typeof code === 'string' ? code : inner.message;
  }
  return String(inner);
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return s >= 10 ? String(Math.round(s)) : String(Math.round(s * 10) / 10);
}
