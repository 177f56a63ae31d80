/**
 * The HTTP route table served by Paperboy's own node:http server: registered routes answer, an
 * unknown path is 404, a known path with another method 405, a failing handler 500 (logged), and
 * a route added once the table is served is refused loudly rather than silently never served.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { routesHost } from '../../src/http/host.js';
import { createRouteTable } from '../../src/http/route-table.js';
import { sendJson } from '../../src/http/respond.js';
import { serveRoutes, type HttpServer } from '../../src/http/server.js';

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function capture() {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}

describe('the HTTP route table', () => {
  it('serves registered routes and nothing else', async () => {
    const table = createRouteTable();
    table.add({ method: 'GET', path: '/hello', handler: (_req, res) => sendJson(res, 200, { hello: 'world' }) });
    table.add({ method: 'POST', path: '/echo', handler: async (req, res) => {
      let body = '';
      for await (const chunk of req) body += String(chunk);
      sendJson(res, 200, { got: body });
    } });
    server = await serveRoutes(table, { port: 0, host: '127.0.0.1', logger: capture().logger });
    const base = `http://127.0.0.1:${server.port}`;

    const hello = await fetch(`${base}/hello?x=1`);
    expect(hello.status).toBe(200);
    expect(await hello.json()).toEqual({ hello: 'world' });
    expect((await fetch(`${base}/hello`, { method: 'HEAD' })).status).toBe(200);
    expect(await (await fetch(`${base}/echo`, { method: 'POST', body: 'abc' })).json()).toEqual({ got: 'abc' });

    const wrongMethod = await fetch(`${base}/hello`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
    for (const path of ['/', '/hello/', '/nothing', '/%2e%2e/etc/passwd']) {
      expect((await fetch(`${base}${path}`)).status, path).toBe(404);
    }
  });

  it('answers 500 for a handler that throws, and logs it without the request', async () => {
    const table = createRouteTable();
    table.add({ method: 'GET', path: '/boom', handler: () => Promise.reject(new Error('it broke')) });
    const { logger, lines } = capture();
    server = await serveRoutes(table, { port: 0, host: '127.0.0.1', logger });
    const answer = await fetch(`http://127.0.0.1:${server.port}/boom`, { headers: { authorization: 'Bearer secret-token-value' } });
    expect(answer.status).toBe(500);
    expect(lines.join('')).toMatch(/an HTTP route failed/);
    expect(lines.join('')).not.toContain('secret-token-value');
  });

  it('refuses a second handler for the same route, and any route once the table is served', async () => {
    const table = createRouteTable();
    const route = { method: 'GET', path: '/one', handler: () => undefined } as const;
    table.add(route);
    expect(() => table.add(route)).toThrow(/already routed/);
    server = await serveRoutes(table, { port: 0, host: '127.0.0.1', logger: capture().logger });
    expect(() => table.add({ ...route, path: '/two' })).toThrow(/after the HTTP routes were served/);
  });

  it('says in one sentence that the port is taken', async () => {
    server = await serveRoutes(createRouteTable(), { port: 0, host: '127.0.0.1', logger: capture().logger });
    await expect(serveRoutes(createRouteTable(), { port: server.port, host: '127.0.0.1', logger: capture().logger, variable: 'HTTP_PORT' })).rejects.toThrow(
      `HTTP_PORT ${server.port} is already in use; choose another port.`,
    );
  });
});

describe('which server serves the routes', () => {
  const slackHttp = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_PORT: 3000 } as const;
  it('is HTTP_PORT when set, Slack’s port when Slack listens over HTTP and no other port is set, else none', () => {
    expect(routesHost({ HTTP_PORT: 9464, SLACK_PORT: 3000 })).toBe('http-port');
    expect(routesHost({ ...slackHttp, HTTP_PORT: 9464 })).toBe('http-port');
    expect(routesHost(slackHttp)).toBe('slack');
    // One port cannot have two listeners: Bolt's serves both.
    expect(routesHost({ ...slackHttp, HTTP_PORT: 3000 })).toBe('slack');
    // Socket Mode listens on no port.
    expect(routesHost({ ...slackHttp, SLACK_APP_TOKEN: 'xapp-1' })).toBeUndefined();
    expect(routesHost({ SLACK_PORT: 3000 })).toBeUndefined();
  });
});
