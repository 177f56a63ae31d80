/**
 * Paperboy's own HTTP server (node:http) for the routes of a RouteTable: a path it does not know
 * gets 404, a known path with another method 405, and a handler that throws 500, logged without
 * the request's headers or body (a signature or a token may be in them).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UserError } from '../core/errors.js';
import type { Logger } from '../logger.js';
import type { RouteHandler, RouteTable } from './route-table.js';

export interface HttpServer {
  /** The port it listens on (the one asked for, or the one given for 0). */
  readonly port: number;
  /** Stops taking connections and closes idle ones; resolves once the server is closed. */
  close(): Promise<void>;
}

export interface ServeOptions {
  readonly port: number;
  /** Default: every interface (a container's port must be reachable from outside it). */
  readonly host?: string;
  readonly logger: Logger;
  /** Names the port in the sentence said when it is taken (`HTTP_PORT`). */
  readonly variable?: string;
}

export async function serveRoutes(table: RouteTable, options: ServeOptions): Promise<HttpServer> {
  table.seal();
  const { logger } = options;
  const server: Server = createServer((request, response) => {
    const path = pathOf(request);
    const found = path === undefined ? ({ found: 'none' } as const) : table.match(request.method ?? 'GET', path);
    if (found.found === 'route') return void runRoute(found.route.handler, request, response, logger);
    if (found.found === 'path') return plain(response, 405, 'Method not allowed\n', { allow: found.allow.join(', ') });
    plain(response, 404, 'Not found\n');
  });
  // Keep-alive connections from a scraper must not hold a stop for minutes.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const variable = options.variable ?? 'the port';
      if (error.code === 'EADDRINUSE') reject(new UserError(`${variable} ${options.port} is already in use; choose another port.`));
      else if (error.code === 'EACCES') reject(new UserError(`${variable} ${options.port} needs privileges this process lacks; choose a port above 1023.`));
      else reject(error);
    });
    server.listen(options.port, options.host, () => resolve());
  });
  server.on('error', (error) => logger.error({ err: error }, 'the HTTP server failed'));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

/** Runs one handler; a failure is answered with 500 (when nothing was sent yet) and logged once. */
export async function runRoute(handler: RouteHandler, request: IncomingMessage, response: ServerResponse, logger: Logger): Promise<void> {
  try {
    await handler(request, response);
  } catch (error) {
    logger.error({ err: error, method: request.method, path: pathOf(request) }, 'an HTTP route failed');
    if (!response.headersSent) plain(response, 500, 'Internal error\n');
    else response.destroy();
  }
}

/** The path of a request, without its query; undefined for a target that is not a path. */
export function pathOf(request: IncomingMessage): string | undefined {
  const target = request.url ?? '';
  if (!target.startsWith('/')) return undefined;
  const end = target.search(/[?#]/);
  return end === -1 ? target : target.slice(0, end);
}

function plain(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  response.end(body);
}
