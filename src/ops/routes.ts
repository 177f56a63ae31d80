/**
 * The operations endpoints, added to the HTTP route table: `/healthz` (the process runs), `/readyz`
 * (it can do its work: 200, or 503 with the failing checks) and `/metrics` (Prometheus text).
 */
import type { RouteTable } from '../http/route-table.js';
import { sendJson } from '../http/respond.js';
import type { PrometheusMetrics } from './prometheus.js';
import type { Readiness } from './readiness.js';

export interface OpsRoutes {
  readiness(): Promise<Readiness>;
  readonly metrics: Pick<PrometheusMetrics, 'text' | 'contentType'>;
}

export function addOpsRoutes(table: RouteTable, ops: OpsRoutes): void {
  table.add({
    method: 'GET',
    path: '/healthz',
    handler: (_request, response) => sendJson(response, 200, { status: 'ok' }),
  });
  table.add({
    method: 'GET',
    path: '/readyz',
    handler: async (_request, response) => {
      const readiness = await ops.readiness();
      sendJson(response, readiness.status === 'ok' ? 200 : 503, readiness);
    },
  });
  table.add({
    method: 'GET',
    path: '/metrics',
    handler: async (_request, response) => {
      const text = await ops.metrics.text();
      response.writeHead(200, { 'content-type': ops.metrics.contentType, 'cache-control': 'no-store' });
      response.end(text);
    },
  });
}
