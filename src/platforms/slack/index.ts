/** The Slack adapter and the app manifest that goes with it. */
export { createSlackAdapter, type SlackAdapterOptions } from './slack-adapter.js';
export { oauthUrls, SLACK_BOT_SCOPES, slackManifest, type SlackManifestOptions } from './manifest.js';
