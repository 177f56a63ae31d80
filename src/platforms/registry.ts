/**
 * The chat platforms `paperboy start` knows: each is started when its credentials are set, and with
 * none the console serves the terminal. Adding a platform is one entry here (and its adapter under
 * src/platforms/<name>/); no core code and no migration change (docs/decisions/0009-open-platforms.md).
 */
import type { Config } from '../config.js';
import type { ChatAdapter, PlatformContext } from './platform.js';

export interface PlatformEntry {
  /** True when the configuration enables it. */
  configured(config: Config): boolean;
  /** Builds the adapter. Platforms load their SDKs here: they take over a second to import, which every CLI command would pay. */
  create(context: PlatformContext): Promise<ChatAdapter>;
}

export const CHAT_PLATFORMS: readonly PlatformEntry[] = [
  {
    configured: (config) => Boolean(config.DISCORD_TOKEN),
    create: async (context) => (await import('./discord/index.js')).createDiscordAdapter(context),
  },
  {
    configured: (config) => Boolean(config.SLACK_BOT_TOKEN || config.SLACK_CLIENT_ID),
    create: async (context) => (await import('./slack/index.js')).createSlackAdapter(context),
  },
];
