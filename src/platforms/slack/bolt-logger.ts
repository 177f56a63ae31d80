/**
 * Bolt's and the WebClient's logs through our pino logger, so they share its redaction and output.
 * At debug they print whole payloads (requests and answers, Socket Mode envelopes, acks): what was
 * said in Slack, response URLs, a verification token. Those are cut off where the payload starts,
 * so a line keeps what happened (`http request body: [payload left out]`) and never the content.
 */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../logger.js';

const LEVELS: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  fatal: LogLevel.ERROR,
  silent: LogLevel.ERROR,
};

export function boltLogger(logger: Logger): BoltLogger {
  let level = LEVELS[logger.level] ?? LogLevel.INFO;
  const line = (msg: unknown[]) => withoutPayload(msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' '));
  return {
    debug: (...msg: unknown[]) => logger.debug(line(msg)),
    info: (...msg: unknown[]) => logger.info(line(msg)),
    warn: (...msg: unknown[]) => logger.warn(line(msg)),
    error: (...msg: unknown[]) => logger.error(line(msg)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/** The line up to the first serialized object or array (a payload), which is left out. */
export function withoutPayload(text: string): string {
  const start = text.search(/[{[]/);
  return start === -1 ? text : `${text.slice(0, start)}[payload left out]`;
}
