/**
 * A RouteTable as Bolt `customRoutes` (Bolt's documented way to serve more paths on its HTTP
 * receiver), for when Slack already listens over HTTP: then the same port serves Slack's
 * `/slack/events` and Paperboy's own routes. Bolt copies the paths when the App is built, so the
 * table is sealed here; a path Bolt does not know is answered 404 by Bolt itself.
 */
import type { CustomRoute } from '@slack/bolt';
import type { Logger } from '../logger.js';
import type { RouteTable } from './route-table.js';
import { runRoute } from './server.js';

export function boltCustomRoutes(table: RouteTable, logger: Logger): CustomRoute[] {
  table.seal();
  return table.routes().map((route) => ({
    path: route.path,
    // HEAD as well: a load balancer's probe may use it, as it can on Paperboy's own server.
    method: route.method === 'GET' ? ['GET', 'HEAD'] : [route.method],
    handler: (request, response) => void runRoute(route.handler, request, response, logger),
  }));
}
