/**
 * Delivery against a fake Discord that enforces its rate limits. The Discord adapter and its fake
 * (test/fakes/discord-server.ts) are being built; until both exist this reports the three delivery
 * measures as absent, saying why, rather than measuring something else under their names.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './archive.js';
import { absent, type Result } from './report.js';

export async function measureDelivery(): Promise<Result[]> {
  const root = repoRoot();
  const missing = ['test/fakes/discord-server.ts', 'src/platforms/discord'].filter((p) => !existsSync(join(root, p)));
  const reason =
    missing.length > 0
      ? `needs ${missing.join(' and ')}, not built yet`
      : 'the Discord adapter and its fake exist but the delivery benchmark is not written yet';
  return [
    absent('delivery_ceiling_ratio', 'fraction', reason, { atLeast: 0.9 }),
    absent('delivery_429s', 'count', reason, { atMost: 0 }),
    absent('delivery_lost', 'count', reason, { atMost: 0 }),
  ];
}
