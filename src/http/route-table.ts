/**
 * The routes of Paperboy's HTTP port: method and path to handler. Any part of the app registers its
 * routes here while it is being put together (the operations endpoints, later Discord interactions
 * or Slack's install pages); the table is then served either by Paperboy's own node:http server
 * (`serveRoutes`) or, when Slack already listens over HTTP, through Bolt's `customRoutes`
 * (`boltCustomRoutes`). Both read the same table, so a route behaves the same wherever it is served.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Answers one request; it owns the response (status, headers, body) and may read the body. */
export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

export interface Route {
  readonly method: HttpMethod;
  /** An exact path, `/readyz`; the query string is not part of it. */
  readonly path: string;
  readonly handler: RouteHandler;
}

export type RouteMatch =
  | { readonly found: 'route'; readonly route: Route }
  /** The path exists, not with this method: 405 with `Allow`. */
  | { readonly found: 'path'; readonly allow: readonly HttpMethod[] }
  | { readonly found: 'none' };

export interface RouteTable {
  /** Adds a route; throws when it is already taken, or once the table is being served. */
  add(route: Route): void;
  /** The route for a request line. HEAD is answered by the GET route (Node leaves the body out). */
  match(method: string, path: string): RouteMatch;
  /** Every route, in the order added. */
  routes(): readonly Route[];
  /** No route may be added from now on: a server has read the table (Bolt copies its paths at start). */
  seal(): void;
}

export function createRouteTable(): RouteTable {
  const byPath = new Map<string, Map<HttpMethod, Route>>();
  const order: Route[] = [];
  let sealed = false;

  return {
    add(route) {
      if (sealed) throw new Error(`${route.method} ${route.path} was added after the HTTP routes were served; register routes while the app is composed.`);
      if (!route.path.startsWith('/') || route.path.includes('?')) throw new Error(`A route path is absolute and has no query: "${route.path}".`);
      const methods = byPath.get(route.path) ?? new Map<HttpMethod, Route>();
      if (methods.has(route.method)) throw new Error(`${route.method} ${route.path} is already routed.`);
      methods.set(route.method, route);
      byPath.set(route.path, methods);
      order.push(route);
    },
    match(method, path) {
      const methods = byPath.get(path);
      if (!methods) return { found: 'none' };
      const wanted = (method === 'HEAD' ? 'GET' : method) as HttpMethod;
      const route = methods.get(wanted);
      return route ? { found: 'route', route } : { found: 'path', allow: [...methods.keys()] };
    },
    routes: () => [...order],
    seal() {
      sealed = true;
    },
  };
}
