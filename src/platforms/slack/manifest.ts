/**
 * The Slack app manifest for `paperboy slack-manifest`: paste it at api.slack.com/apps → "Create New
 * App" → "From a manifest". The slash command's words come from the command tree, and the scopes
 * are exactly the Web API methods this adapter calls.
 */
import { papersCommand } from '../../../commands/index.js';
import type { CommandTree } from '../../../commands/types.js';
import { UserError } from '../../core/errors.js';

export interface SlackManifestOptions {
  /** Socket Mode (SLACK_APP_TOKEN): no public URL. */
  readonly socketMode: boolean;
  /** Over HTTP: the public https URL Slack posts to, ending in /slack/events. */
  readonly requestUrl?: string | undefined;
  /** The slash command; default /papers. */
  readonly command?: string | undefined;
  /**
   * A distributed app, installed in many workspaces through OAuth (SLACK_CLIENT_ID…): the manifest
   * names the redirect URL and allows Enterprise Grid org-wide installs. Over HTTP only.
   */
  readonly oauth?: boolean | undefined;
}

/** Where a distributed app is installed from, and where Slack sends the browser back. */
export function oauthUrls(requestUrl: string): { readonly install: string; readonly redirect: string } {
  const { origin } = new URL(requestUrl);
  return { install: `${origin}/slack/install`, redirect: `${origin}/slack/oauth_redirect` };
}

/** Each bot scope, with the call that needs it. */
export const SLACK_BOT_SCOPES: Readonly<Record<string, string>> = {
  commands: 'the /papers slash command',
  'chat:write': 'chat.postMessage: digests, shared papers and DM alerts',
  'chat:write.public': 'chat.postMessage in public channels the bot has not joined',
  'im:write': 'conversations.open: the DM channel for topic alerts',
  'users:read': 'users.info: whether a person is a workspace admin or owner (digest set/off)',
  'channels:history': "conversations.history: finding a digest's earlier post after a crash (public channels)",
  'groups:history': "conversations.history: the same in private channels the bot was invited to",
  'im:history': "conversations.history: finding an alert DM's earlier send after a crash",
};

export function slackManifest(options: SlackManifestOptions, tree: CommandTree = papersCommand): object {
  const command = options.command ?? `/${tree.name}`;
  if (!/^\/[a-z0-9_-]{1,31}$/.test(command)) {
    throw new UserError(`"${command}" is not a slash command name; use lower case letters, digits, - or _, e.g. /papers.`);
  }
  const url = options.socketMode ? undefined : requestUrl(options.requestUrl);
  if (options.oauth && !url) throw new UserError('OAuth installs run over HTTP: give --url https://your.host/slack/events instead of --socket-mode.');
  const oauth = options.oauth && url ? oauthUrls(url) : undefined;
  return {
    display_information: {
      name: 'Paperboy',
      description: 'Hugging Face Daily Papers: channel digests, /papers search and topic alerts by DM.',
      background_color: '#1d1c1d',
    },
    features: {
      bot_user: { display_name: 'Paperboy', always_online: true },
      slash_commands: [
        {
          command,
          ...(url ? { url } : {}),
          description: tree.description,
          usage_hint: usageHint(tree),
          // Channel names then arrive as <#C123|name>, so `digest set channel:#x` gets the id.
          should_escape: true,
        },
      ],
    },
    oauth_config: { ...(oauth ? { redirect_urls: [oauth.redirect] } : {}), scopes: { bot: Object.keys(SLACK_BOT_SCOPES) } },
    settings: {
      ...(oauth ? { event_subscriptions: { request_url: url, bot_events: ['app_uninstalled', 'tokens_revoked'] } } : {}),
      interactivity: { is_enabled: true, ...(url ? { request_url: url } : {}) },
      // Org-wide installs on Enterprise Grid: one install for every workspace of the org.
      org_deploy_enabled: Boolean(oauth),
      socket_mode_enabled: options.socketMode,
      token_rotation_enabled: false,
    },
  };
}

/** `search <query> · today · paper <id> · … · digest set|off|show|preview · help`. */
export function usageHint(tree: CommandTree): string {
  return tree.children
    .map((child) =>
      child.kind === 'group'
        ? `${child.name} ${child.subcommands.map((s) => s.name).join('|')}`
        : [child.name, ...child.options.filter((o) => o.required).map((o) => `<${o.name}>`)].join(' '),
    )
    .join(' · ');
}

function requestUrl(url: string | undefined): string {
  if (url === undefined || url.trim() === '') {
    throw new UserError('Over HTTP, Slack needs the public URL it posts to, e.g. https://paperboy.example.org/slack/events (or use Socket Mode).');
  }
  const trimmed = url.trim();
  if (!/^https:\/\/[^\s/]+/.test(trimmed) || !URL.canParse(trimmed)) {
    throw new UserError(`"${trimmed}" is not an https URL; Slack only posts to https, e.g. https://paperboy.example.org/slack/events.`);
  }
  const parsed = new URL(trimmed);
  return parsed.pathname === '/' ? `${parsed.origin}/slack/events` : trimmed;
}
