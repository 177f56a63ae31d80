/**
 * Slack's Socket Mode, locally: a WebSocket at the URL apps.connections.open hands out. On connect
 * it says `hello`; then the test sends envelopes (slash_commands, interactive) and gets back the
 * app's ack, which must carry the envelope id.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

export interface Ack {
  readonly envelope_id: string;
  readonly payload?: unknown;
}

export interface FakeSocketMode {
  readonly url: string;
  /** Open connections. */
  readonly open: number;
  /** Resolves once a client is connected and has been sent hello. */
  connected(): Promise<void>;
  /** Sends one envelope to the newest connection; resolves with the app's ack. */
  send(type: 'slash_commands' | 'interactive', payload: Record<string, unknown>): Promise<Ack>;
  /** Resolves once every connection is closed. */
  closed(): Promise<void>;
  close(): Promise<void>;
}

export function attachSocketMode(server: Server, url: string): FakeSocketMode {
  const wss = new WebSocketServer({ noServer: true });
  const events = new EventEmitter();
  const sockets = new Set<WebSocket>();
  const pending = new Map<string, (ack: Ack) => void>();

  server.on('upgrade', (req, socket, head) => {
    if (!req.url?.startsWith('/socket-mode')) return void socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('message', (data) => {
        const ack = JSON.parse(String(data)) as Ack;
        pending.get(ack.envelope_id)?.(ack);
        pending.delete(ack.envelope_id);
      });
      ws.on('close', () => {
        sockets.delete(ws);
        events.emit('change');
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: sockets.size, debug_info: { host: 'fake', approximate_connection_time: 3600 }, connection_info: { app_id: 'A0PAPERS' } }));
      events.emit('change');
    });
  });

  const until = (check: () => boolean) =>
    new Promise<void>((done) => {
      const attempt = () => {
        if (!check()) return;
        events.off('change', attempt);
        done();
      };
      events.on('change', attempt);
      attempt();
    });

  return {
    url,
    get open() {
      return sockets.size;
    },
    connected: () => until(() => sockets.size > 0),
    closed: () => until(() => sockets.size === 0),
    send(type, payload) {
      const ws = [...sockets].at(-1);
      if (!ws) return Promise.reject(new Error('no Socket Mode connection'));
      const envelope_id = randomUUID();
      return new Promise((done) => {
        pending.set(envelope_id, done);
        ws.send(JSON.stringify({ envelope_id, type, payload, accepts_response_payload: type === 'slash_commands' }));
      });
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((done) => wss.close(() => done()));
    },
  };
}
