/**
 * pino on standard error, so standard output stays clean for replies and `--json`: JSON lines for
 * log collectors, or readable lines (pino-pretty) when a person is watching a terminal.
 * Secrets and message bodies are redacted where they could appear in a log object: tokens, the
 * signing secret, passwords, Slack's response_url (it can post as the app), and the body of a
 * request a chat SDK's error carries (the message Paperboy tried to send). Chat SDK log lines are
 * trimmed of payloads where they are written (src/platforms/slack/bolt-logger.ts).
 */
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

const SECRETS = [
  'token',
  'authorization',
  'password',
  'signingSecret',
  'appToken',
  'botToken',
  'clientSecret',
  'response_url',
  'responseUrl',
  'requestBody',
  'HF_TOKEN',
  'DISCORD_TOKEN',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
];
const REDACT = [...SECRETS, ...SECRETS.map((key) => `*.${key}`), 'headers.authorization', '*.headers.authorization'];

export function createLogger(level: string): Logger {
  const options = { level, redact: { paths: REDACT, censor: '[redacted]' } };
  // Synchronous writes: a CLI that exits right after an error must not lose its last log lines.
  if (process.stderr.isTTY) {
    return pino(options, pretty({ destination: 2, sync: true, ignore: 'pid,hostname', translateTime: 'HH:MM:ss' }));
  }
  return pino(options, pino.destination({ fd: 2, sync: true }));
}
