/**
 * Discord interactions over HTTP (an Interactions Endpoint URL): `POST /discord/interactions` on the
 * process's HTTP port. Each request is checked against the application's Ed25519 public key (the
 * signature in X-Signature-Ed25519 over X-Signature-Timestamp + the raw body); a missing, bad or
 * stale one gets 401 and nothing runs. A PING is answered PONG in the response, as Discord requires;
 * anything else is accepted (202, as Discord documents for an interaction answered through its
 * callback endpoint) and handed to the same router the gateway feeds, which answers over REST.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../core/ports.js';
import { sendJson } from '../../http/respond.js';
import type { Route } from '../../http/route-table.js';
import type { Logger } from '../../logger.js';

export const INTERACTIONS_PATH = '/discord/interactions';
/** A signature older (or further ahead) than this is refused: a replayed request. */
export const STALE_AFTER_SECONDS = 5 * 60;
/** Interactions are a few kilobytes; anything far larger is not one. */
const MAX_BODY_BYTES = 1024 * 1024;

/** Hands a verified interaction to the router; false when the bot is not serving (not started, or stopping). */
export type DeliverInteraction = (interaction: Record<string, unknown>) => boolean;

/** The application's public key (64 hex digits, from the Developer Portal) as a key node:crypto verifies with. */
export function discordPublicKey(hex: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(hex, 'hex').toString('base64url') }, format: 'jwk' });
}

/** Whether Discord signed `body` at `timestamp` (seconds) within the freshness window. */
export function signedByDiscord(key: KeyObject, signature: string | undefined, timestamp: string | undefined, body: Buffer, now: Date): boolean {
  if (!signature || !timestamp || !/^[0-9a-f]{128}$/i.test(signature) || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > STALE_AFTER_SECONDS) return false;
  return verify(null, Buffer.concat([Buffer.from(timestamp), body]), key, Buffer.from(signature, 'hex'));
}

export function interactionsRoute(deps: { readonly publicKey: string; readonly clock: Clock; readonly logger: Logger; readonly deliver: DeliverInteraction }): Route {
  const key = discordPublicKey(deps.publicKey);
  return {
    method: 'POST',
    path: INTERACTIONS_PATH,
    async handler(request: IncomingMessage, response: ServerResponse) {
      const body = await readBody(request);
      if (body === undefined) return sendJson(response, 413, { error: 'request body too large' });
      const signature = header(request, 'x-signature-ed25519');
      const timestamp = header(request, 'x-signature-timestamp');
      if (!signedByDiscord(key, signature, timestamp, body, deps.clock.now())) {
        // At debug: anyone can post here, and a flood of refusals must not flood the log.
        deps.logger.debug({ path: INTERACTIONS_PATH, signed: Boolean(signature) }, 'Discord interaction refused: missing, bad or stale signature');
        return sendJson(response, 401, { error: 'invalid request signature' });
      }
      let interaction: Record<string, unknown>;
      try {
        interaction = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      } catch {
        return sendJson(response, 400, { error: 'the body is not JSON' });
      }
      if (interaction.type === 1) return sendJson(response, 200, { type: 1 });
      if (!deps.deliver(interaction)) return sendJson(response, 503, { error: 'not serving yet' });
      response.writeHead(202).end();
    },
  };
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
