/**
 * Digest rendering for 1,000 targets: for each, the digest is selected (papers of the covered
 * days, minimum upvotes, topic, papers already posted there left out), turned into the neutral
 * Reply and rendered as its platform posts it (Discord embeds, Slack blocks, console text; the
 * targets take turns), on a real SQLite store holding the corpus's latest 30 days. The selection's
 * queries stay in the measure: they are what a scheduler pass pays per target before it can post.
 */
import type { Paper } from '../src/core/paper.js';
import { buildDigest } from '../src/core/digest/build-digest.js';
import { digestReply } from '../src/core/digest/digest-reply.js';
import type { Reply } from '../src/core/message.js';
import type { Platform, TargetRef } from '../src/core/ports.js';
import { renderText } from '../src/platforms/console/render-text.js';
import { renderOne } from '../src/platforms/discord/render-embeds.js';
import { renderMessage } from '../src/platforms/slack/render-blocks.js';
import { createStore, migrateToLatest, openDatabase } from '../src/store/index.js';
import { pick } from './corpus.js';
import { seededRandom } from '../test/fakes/random.js';

export const RENDER_TARGETS = 1000;
const TOPICS = ['diffusion', 'language models', '"reinforcement learning"', 'video -generation', 'agents OR reasoning'];
const PLATFORMS = ['discord', 'slack', 'console'] as const satisfies readonly Platform[];

/** The message as the platform's messenger posts it; its size in characters. */
function render(platform: (typeof PLATFORMS)[number], reply: Reply): number {
  if (platform === 'console') return renderText(reply, { width: 100 }).length;
  return JSON.stringify(platform === 'discord' ? renderOne(reply) : renderMessage(reply)).length;
}

export async function measureRender(papers: readonly Paper[]): Promise<{ ms: number; rendered: number; characters: number }> {
  const dates = [...new Set(papers.flatMap((p) => (p.dailyDate ? [p.dailyDate] : [])))].sort().slice(-30);
  const recent = papers.filter((p) => p.dailyDate !== undefined && dates.includes(p.dailyDate));
  const db = openDatabase(':memory:');
  await migrateToLatest(db);
  const store = createStore(db);
  try {
    await store.papers.upsert(recent, 'daily', new Date(`${dates.at(-1)}T23:00:00.000Z`));
    const random = seededRandom(1000);
    const slot = new Date(`${dates.at(-1)}T09:00:00.000Z`);
    slot.setUTCDate(slot.getUTCDate() + 1);
    const targets = Array.from({ length: RENDER_TARGETS }, (_, i) => ({
      target: { platform: PLATFORMS[i % PLATFORMS.length]!, workspaceId: 'bench', channelId: `c${i}` } satisfies TargetRef,
      settings: {
        top: 5 + Math.floor(random() * 6),
        minUpvotes: pick(random, [0, 0, 5, 10]),
        topic: random() < 0.2 ? pick(random, TOPICS) : undefined,
      },
    }));
    let rendered = 0;
    let characters = 0;
    const start = performance.now();
    for (const { target, settings } of targets) {
      const reply = digestReply(await buildDigest(store, { target, settings, slot }));
      if (!reply) continue;
      characters += render(target.platform, reply);
      rendered += 1;
    }
    return { ms: performance.now() - start, rendered, characters };
  } finally {
    await store.close();
  }
}
