/** The Discord platform: the adapter, command registration and the invite URL. */
export { createDiscordAdapter, inviteUrl, BOT_PERMISSIONS, type DiscordAdapter, type DiscordAdapterOptions } from './discord-adapter.js';
export { buildCommandPayload, payloadHash, registerCommands, type RegistrationResult } from './registration.js';
