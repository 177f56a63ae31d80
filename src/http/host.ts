/**
 * Which server serves the HTTP route table: Paperboy's own on HTTP_PORT, or Bolt's, when Slack
 * already listens over HTTP and HTTP_PORT is unset or the same port (one port cannot have two
 * listeners); with neither, none: nothing listens.
 */
import type { Config } from '../config.js';

export type RoutesHost = 'http-port' | 'slack';

export function routesHost(
  config: Pick<Config, 'HTTP_PORT' | 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN' | 'SLACK_PORT' | 'SLACK_CLIENT_ID'>,
): RoutesHost | undefined {
  // Slack OAuth installs (SLACK_CLIENT_ID) are served over HTTP too.
  const slackOverHttp = Boolean(config.SLACK_BOT_TOKEN || config.SLACK_CLIENT_ID) && !config.SLACK_APP_TOKEN;
  if (config.HTTP_PORT !== undefined && !(slackOverHttp && config.HTTP_PORT === config.SLACK_PORT)) return 'http-port';
  return slackOverHttp ? 'slack' : undefined;
}
