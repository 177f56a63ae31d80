/**
 * The environment, validated once at start. A wrong value stops Paperboy with one sentence naming
 * the variable and what it expects; secrets are never echoed.
 */
import { validate as validateCron } from 'node-cron';
import { z } from 'zod';
import { UserError } from './core/errors.js';
import { routesHost } from './http/host.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Blank lines in a .env file (`HF_TOKEN=`) mean "not set". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const httpUrl = (example: string) =>
  z
    .string()
    .trim()
    .refine((v) => /^https?:\/\/[^\s/]+/.test(v) && URL.canParse(v), {
      message: `an http(s) URL such as ${example}`,
    })
    .transform((v) => v.replace(/\/+$/, ''));

const secret = (what: string) => z.string().trim().min(8, { message: `a ${what} (it looks too short)` });

const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ message: `a whole number from ${min} to ${max}` })
    .int({ message: `a whole number from ${min} to ${max}` })
    .min(min, { message: `a whole number from ${min} to ${max}` })
    .max(max, { message: `a whole number from ${min} to ${max}` });

const schema = z.object({
  DATABASE_URL: optional(z.string().trim().min(1)).default('./data/paperboy.sqlite'),
  DATABASE_POOL_MAX: optional(wholeNumber(1, 1000)).default(10),
  HF_API_URL: optional(httpUrl('https://huggingface.co')).default('https://huggingface.co'),
  HF_TOKEN: optional(secret('Hugging Face access token (hf_…)')),
  DISCORD_TOKEN: optional(secret('Discord bot token')),
  DISCORD_API_URL: optional(httpUrl('https://discord.com/api')),
  DISCORD_SHARD_COUNT: optional(wholeNumber(1, 65_535)),
  DISCORD_SHARD_IDS: optional(
    z
      .string()
      .trim()
      .transform((v, ctx) => {
        const ids = parseShardIds(v);
        if (ids === undefined) ctx.addIssue({ code: 'custom', message: 'shard ids as a list or a range, such as 0,2 or 0-3' });
        return ids ?? [];
      }),
  ),
  DISCORD_PUBLIC_KEY: optional(
    z
      .string()
      .trim()
      .regex(/^[0-9a-fA-F]{64}$/, { message: "the application's public key: 64 hex digits (General Information → Public Key)" }),
  ),
  DISCORD_GATEWAY: optional(z.enum(['on', 'off'], { message: 'on or off' })).default('on'),
  SLACK_BOT_TOKEN: optional(secret('Slack bot token (xoxb-…)')),
  SLACK_SIGNING_SECRET: optional(secret('Slack signing secret')),
  SLACK_APP_TOKEN: optional(secret('Slack app-level token (xapp-…)')),
  SLACK_PORT: optional(wholeNumber(1, 65535)).default(3000),
  SLACK_API_URL: optional(httpUrl('https://slack.com/api')),
  SLACK_CLIENT_ID: optional(z.string().trim().regex(/^[0-9]+\.[0-9]+$/, { message: "the app's Client ID (digits.digits, from Basic Information)" })),
  SLACK_CLIENT_SECRET: optional(secret('Slack client secret')),
  SLACK_STATE_SECRET: optional(secret('random string of your own (at least 8 characters)')),
  TOKEN_ENCRYPTION_KEY: optional(
    z
      .string()
      .trim()
      .refine((v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32, {
        message: '32 random bytes in base64 (openssl rand -base64 32)',
      }),
  ),
  ADMIN_USER_IDS: optional(z.string())
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  BACKFILL_DAYS: optional(wholeNumber(0, 3650)).default(30),
  INGEST_CRON: optional(
    z
      .string()
      .trim()
      .refine((v) => validateCron(v), { message: 'a cron expression such as */15 * * * *' }),
  ).default('*/15 * * * *'),
  CATCHUP_GRACE_HOURS: optional(wholeNumber(0, 168)).default(12),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { message: `one of ${LOG_LEVELS.join(', ')}` })).default('info'),
  HTTP_PORT: optional(wholeNumber(1, 65535)),
});

/** Every variable Paperboy reads (deployment files are checked against it). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

export type Config = Readonly<z.infer<typeof schema>>;

/** Reads and validates the environment; throws UserError naming the first wrong variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    throw new UserError(`${name} must be ${issue?.message ?? 'valid'}; see .env.example.`);
  }
  const config = parsed.data;
  checkDiscord(config);
  if (config.SLACK_APP_TOKEN && !config.SLACK_BOT_TOKEN) {
    throw new UserError('SLACK_APP_TOKEN (Socket Mode) needs SLACK_BOT_TOKEN as well; see .env.example.');
  }
  if (slackOAuth(config)) {
    checkSlackOAuth(config);
    return config;
  }
  if (Boolean(config.SLACK_BOT_TOKEN) !== Boolean(config.SLACK_SIGNING_SECRET) && !config.SLACK_APP_TOKEN) {
    throw new UserError('SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET must be set together (or use SLACK_APP_TOKEN for Socket Mode); see .env.example.');
  }
  return config;
}

/** Slack installs in many workspaces (OAuth): any of the three client variables asks for it. */
export function slackOAuth(config: Config): boolean {
  return Boolean(config.SLACK_CLIENT_ID || config.SLACK_CLIENT_SECRET || config.SLACK_STATE_SECRET);
}

function checkSlackOAuth(config: Config): void {
  const missing = (['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'SLACK_SIGNING_SECRET'] as const).filter((name) => !config[name]);
  if (missing.length > 0) {
    throw new UserError(`Slack OAuth installs need ${missing.join(', ')} as well (with SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET); see .env.example.`);
  }
  if (!config.TOKEN_ENCRYPTION_KEY) {
    throw new UserError('Slack OAuth installs need TOKEN_ENCRYPTION_KEY to encrypt the stored workspace tokens: 32 random bytes in base64 (openssl rand -base64 32).');
  }
  if (config.SLACK_BOT_TOKEN || config.SLACK_APP_TOKEN) {
    throw new UserError('SLACK_BOT_TOKEN and SLACK_APP_TOKEN are for one workspace; with Slack OAuth installs each workspace\'s token comes from its install, so unset them.');
  }
}

/** `0,2`, `0-3`, or both (`0-3,8`): sorted, without repeats; undefined when it is not such a list. */
export function parseShardIds(text: string): number[] | undefined {
  const ids = new Set<number>();
  for (const part of text.split(',').map((p) => p.trim())) {
    const range = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(part);
    if (!range) return undefined;
    const [from, to] = [Number(range[1]), Number(range[2] ?? range[1])];
    if (to < from) return undefined;
    for (let id = from; id <= to; id += 1) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

function checkDiscord(config: Config): void {
  const count = config.DISCORD_SHARD_COUNT;
  const beyond = count === undefined ? undefined : config.DISCORD_SHARD_IDS?.find((id) => id >= count);
  if (beyond !== undefined) {
    throw new UserError(`DISCORD_SHARD_IDS names shard ${beyond}, but DISCORD_SHARD_COUNT is ${count} (shards are numbered 0 to ${count! - 1}).`);
  }
  if (config.DISCORD_GATEWAY === 'off' && config.DISCORD_TOKEN && !config.DISCORD_PUBLIC_KEY) {
    throw new UserError('DISCORD_GATEWAY=off needs DISCORD_PUBLIC_KEY (and HTTP_PORT): without the gateway, commands arrive only over HTTP.');
  }
  if (config.DISCORD_PUBLIC_KEY && config.DISCORD_TOKEN && routesHost(config) === undefined) {
    throw new UserError('DISCORD_PUBLIC_KEY needs HTTP_PORT: Discord posts interactions to /discord/interactions on it.');
  }
}
