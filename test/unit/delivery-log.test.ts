import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { DeliveryEvent } from '../../src/core/ports.js';
import { createPrometheusMetrics } from '../../src/ops/prometheus.js';
import { deliveryReporter } from '../../src/scheduler/delivery-log.js';

const SLOT = '2026-06-08T09:00:00.000Z';

describe('delivery reports', () => {
  it('count and log weekly and trending digests as digests, and milestone alerts as alerts', async () => {
    const lines: { level: number; msg: string; kind: string }[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const metrics = createPrometheusMetrics({ papers: async () => 0, lastIngest: async () => undefined });
    const report = deliveryReporter(logger, metrics);
    const event = (kind: DeliveryEvent['kind'], outcome: DeliveryEvent['outcome']): DeliveryEvent => ({ kind, platform: 'slack', recipient: 'C0LAB', slot: SLOT, outcome, papers: 3 });

    report(event('digest', 'sent'));
    report(event('digest-weekly', 'sent'));
    report(event('digest-trending', 'sent'));
    report({ ...event('digest-weekly', 'failed'), code: 'channel_not_found', action: 'turned every digest of the channel off' });
    report({ ...event('alert', 'sent'), recipient: 'U0ADA' });

    const text = await metrics.text();
    expect(text).toContain('paperboy_digests_total{platform="slack",outcome="sent"} 3');
    expect(text).toContain('paperboy_digests_total{platform="slack",outcome="failed"} 1');
    expect(text).toContain('paperboy_alerts_total{platform="slack",outcome="sent"} 1');
    // A sent digest of any kind is an info line naming its kind; a failure one warning.
    expect(lines.filter((l) => l.level === 30).map((l) => l.msg)).toEqual(['digest sent', 'weekly digest sent', 'trending digest sent']);
    const warned = lines.filter((l) => l.level === 40);
    expect(warned.map((l) => l.msg)).toEqual(['weekly digest for slack:C0LAB failed (channel_not_found); turned every digest of the channel off']);
  });
});
