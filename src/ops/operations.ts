/**
 * Wires the operations endpoints into `paperboy start`: the routes (added before the chat
 * platforms are created, so Bolt can serve them when it is the one listening), the platforms the
 * readiness check asks, and Paperboy's own server on HTTP_PORT when that is where they are served.
 */
import { routesHost } from '../http/host.js';
import { serveRoutes, type HttpServer } from '../http/server.js';
import type { App } from '../main.js';
import type { ChatAdapter } from '../platforms/platform.js';
import { ingestIntervalMs } from '../scheduler/ingest-interval.js';
import { lastIngestAt } from '../scheduler/scheduler.js';
import { checkReadiness } from './readiness.js';
import { addOpsRoutes } from './routes.js';

type OpsApp = Pick<App, 'config' | 'logger' | 'clock' | 'store' | 'routes' | 'metrics'>;

export interface Operations {
  /** The platforms `/readyz` asks about, once they are created. */
  watch(adapters: readonly ChatAdapter[]): void;
}

/** Adds `/healthz`, `/readyz` and `/metrics` when the app keeps metrics (an HTTP port shows them). */
export function prepareOperations(app: OpsApp): Operations | undefined {
  const { metrics, store } = app;
  if (!metrics) return undefined;
  let platforms: readonly ChatAdapter[] = [];
  const intervalMs = ingestIntervalMs(app.config.INGEST_CRON);
  addOpsRoutes(app.routes, {
    metrics,
    readiness: () =>
      checkReadiness({
        database: store.health,
        index: store.searchIndex,
        platforms: () => platforms,
        lastIngest: () => lastIngestAt(store.meta),
        ingestIntervalMs: intervalMs,
        clock: app.clock,
      }),
  });
  return {
    watch(adapters) {
      platforms = adapters;
      metrics.knowPlatforms(adapters.map((a) => a.platform));
    },
  };
}

/** Paperboy's own server on HTTP_PORT, when the routes are served there (not through Slack's). */
export async function serveOwnRoutes(app: OpsApp): Promise<HttpServer | undefined> {
  const port = app.config.HTTP_PORT;
  if (port === undefined || routesHost(app.config) !== 'http-port') return undefined;
  const server = await serveRoutes(app.routes, { port, logger: app.logger, variable: 'HTTP_PORT' });
  app.logger.info({ port: server.port, paths: app.routes.routes().map((r) => `${r.method} ${r.path}`) }, 'HTTP endpoints listening');
  return server;
}
