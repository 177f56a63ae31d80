import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { UserError } from '../../src/core/errors.js';

const failure = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('expected loadConfig to refuse the environment');
};

describe('configuration from the environment', () => {
  it('has the documented defaults, and blank values mean unset', () => {
    const config = loadConfig({ HF_TOKEN: '', DISCORD_TOKEN: '  ', BACKFILL_DAYS: '' });
    expect(config).toMatchObject({
      DATABASE_URL: './data/paperboy.sqlite',
      DATABASE_POOL_MAX: 10,
      HF_API_URL: 'https://huggingface.co',
      SLACK_PORT: 3000,
      ADMIN_USER_IDS: [],
      BACKFILL_DAYS: 30,
      INGEST_CRON: '*/15 * * * *',
      CATCHUP_GRACE_HOURS: 12,
      LOG_LEVEL: 'info',
    });
    expect(config.HF_TOKEN).toBeUndefined();
    expect(config.DISCORD_TOKEN).toBeUndefined();
  });

  it('reads lists, numbers and URLs', () => {
    const config = loadConfig({ ADMIN_USER_IDS: ' 123 , U0ADA,,', BACKFILL_DAYS: '7', DATABASE_POOL_MAX: '25', HF_API_URL: 'http://127.0.0.1:8080/' });
    expect(config.ADMIN_USER_IDS).toEqual(['123', 'U0ADA']);
    expect(config.BACKFILL_DAYS).toBe(7);
    expect(config.DATABASE_POOL_MAX).toBe(25);
    expect(config.HF_API_URL).toBe('http://127.0.0.1:8080');
  });

  it.each([
    [{ BACKFILL_DAYS: 'lots' }, /^BACKFILL_DAYS must be a whole number from 0 to 3650/],
    [{ SLACK_PORT: '70000' }, /^SLACK_PORT must be a whole number from 1 to 65535/],
    [{ DATABASE_POOL_MAX: '0' }, /^DATABASE_POOL_MAX must be a whole number from 1 to 1000/],
    [{ HF_API_URL: 'huggingface.co' }, /^HF_API_URL must be an http\(s\) URL such as https:\/\/huggingface\.co/],
    [{ INGEST_CRON: 'every 15 minutes' }, /^INGEST_CRON must be a cron expression/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of fatal, error, warn/],
    [{ SLACK_BOT_TOKEN: 'xoxb-0123456789' }, /SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET must be set together/],
    [{ SLACK_APP_TOKEN: 'xapp-0123456789' }, /SLACK_APP_TOKEN \(Socket Mode\) needs SLACK_BOT_TOKEN/],
  ])('refuses %j naming the variable in one sentence', (env, message) => {
    expect(failure(env)).toMatch(message);
  });

  it('never repeats a secret it refuses', () => {
    const message = failure({ DISCORD_TOKEN: 'abc' });
    expect(message).toMatch(/^DISCORD_TOKEN must be/);
    expect(message).not.toContain('abc');
  });

  it('accepts Socket Mode without a signing secret', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-0123456789', SLACK_APP_TOKEN: 'xapp-0123456789' }).SLACK_APP_TOKEN).toBe('xapp-0123456789');
  });

  describe('Slack OAuth installs', () => {
    const oauth = {
      SLACK_CLIENT_ID: '1111.2222',
      SLACK_CLIENT_SECRET: 'client-secret-0001',
      SLACK_STATE_SECRET: 'state-secret-0001',
      SLACK_SIGNING_SECRET: 'signing-secret-0001',
      TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    };

    it('takes the three client variables, the signing secret and the key, without a bot token', () => {
      expect(loadConfig(oauth).SLACK_CLIENT_ID).toBe('1111.2222');
    });

    it('refuses to start without TOKEN_ENCRYPTION_KEY, in one sentence', () => {
      const message = failure({ ...oauth, TOKEN_ENCRYPTION_KEY: '' });
      expect(message).toMatch(/^Slack OAuth installs need TOKEN_ENCRYPTION_KEY .*openssl rand -base64 32\)\.$/);
    });

    it('refuses a key that is not 32 bytes of base64, a missing client variable, or a bot token beside them', () => {
      expect(failure({ ...oauth, TOKEN_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') })).toMatch(/^TOKEN_ENCRYPTION_KEY must be 32 random bytes in base64/);
      expect(failure({ ...oauth, SLACK_STATE_SECRET: '' })).toMatch(/need SLACK_STATE_SECRET as well/);
      expect(failure({ ...oauth, SLACK_BOT_TOKEN: 'xoxb-0123456789' })).toMatch(/unset them/);
    });
  });

  describe('Discord over HTTP', () => {
    const key = 'ab'.repeat(32);
    it('takes a public key with a port to serve it on, and refuses one without, or no gateway without it', () => {
      expect(loadConfig({ DISCORD_TOKEN: 'discord-token-0001', DISCORD_PUBLIC_KEY: key, HTTP_PORT: '8080', DISCORD_GATEWAY: 'off' }).DISCORD_GATEWAY).toBe('off');
      expect(failure({ DISCORD_TOKEN: 'discord-token-0001', DISCORD_PUBLIC_KEY: key })).toBe(
        'DISCORD_PUBLIC_KEY needs HTTP_PORT: Discord posts interactions to /discord/interactions on it.',
      );
      expect(failure({ DISCORD_TOKEN: 'discord-token-0001', DISCORD_GATEWAY: 'off' })).toMatch(/^DISCORD_GATEWAY=off needs DISCORD_PUBLIC_KEY/);
      expect(failure({ DISCORD_PUBLIC_KEY: 'not-hex' })).toMatch(/^DISCORD_PUBLIC_KEY must be the application's public key: 64 hex digits/);
      expect(failure({ DISCORD_GATEWAY: 'maybe' })).toMatch(/^DISCORD_GATEWAY must be on or off/);
    });
  });
});
