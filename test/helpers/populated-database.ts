/**
 * A database with rows in every table Paperboy keeps, as a running bot leaves it: papers in more
 * than one copy batch, people with topics, digest targets, delivered and unfinished claims, alerts
 * pending and delivered, and gaps in the numbered keys where rows were deleted.
 */
import type { Insertable } from 'kysely';
import type { Database } from '../../src/store/index.js';
import type { Schema } from '../../src/store/schema.js';

export const PAPERS = 1234;

export function paperRow(i: number): Insertable<Schema['papers']> {
  const id = `2601.${String(i).padStart(5, '0')}`;
  return {
    id,
    title: `Paper ${i} on state space models`,
    summary: `Abstract ${i}.`,
    authors: JSON.stringify([`Author ${i % 7}`, 'Tri Dao']),
    org_name: i % 3 === 0 ? 'hf' : null,
    org_fullname: i % 3 === 0 ? 'Hugging Face' : null,
    upvotes: i % 50,
    num_comments: i % 4,
    github_repo: i % 5 === 0 ? `https://github.com/x/${i}` : null,
    github_stars: i % 5 === 0 ? i : null,
    project_page: null,
    ai_summary: `Summary ${i}`,
    ai_keywords: JSON.stringify(['ssm']),
    published_at: '2026-01-05T00:00:00.000Z',
    daily_date: `2026-01-${String(1 + (i % 28)).padStart(2, '0')}`,
    thumbnail: null,
    origin: i % 10 === 0 ? 'search' : 'daily',
    first_seen_at: '2026-01-05T10:00:00.000Z',
    updated_at: '2026-01-06T10:00:00.000Z',
    fts_title: `Paper ${i} on state space models`,
    fts_keywords: 'ssm',
    fts_ai_summary: `Summary ${i}`,
    fts_abstract: `Abstract ${i}.`,
    fts_authors: `Author ${i % 7} Tri Dao`,
    fts_org: i % 3 === 0 ? 'hf Hugging Face' : '',
  };
}

export async function populate(db: Database): Promise<void> {
  for (let i = 0; i < PAPERS; i += 200) {
    await db.insertInto('papers').values(Array.from({ length: Math.min(200, PAPERS - i) }, (_, j) => paperRow(i + j + 1))).execute();
  }
  await db.deleteFrom('papers').where('id', '=', paperRow(7).id).execute();
  const at = '2026-01-05T09:00:00.000Z';
  await db.insertInto('source_searches').values({ query: 'state space', paper_ids: JSON.stringify([paperRow(1).id]), fetched_at: at }).execute();
  await db
    .insertInto('people')
    .values([
      { platform: 'discord', user_id: '111', alert_mode: 'instant', alert_time: '09:00', timezone: 'UTC', dm_channel_id: 'dm-111', created_at: at, updated_at: at },
      { platform: 'slack', user_id: 'U2', alert_mode: 'daily', alert_time: '18:30', timezone: 'Europe/Berlin', unreachable_since: at, unreachable_reason: 'blocked', created_at: at, updated_at: at },
    ])
    .execute();
  await db
    .insertInto('subscriptions')
    .values(['diffusion', 'ssm', 'author:"Tri Dao"'].map((topic) => ({ platform: 'discord', user_id: '111', topic, topic_key: topic.toLowerCase(), created_at: at })))
    .execute();
  await db.deleteFrom('subscriptions').where('topic', '=', 'ssm').execute();
  await db
    .insertInto('digest_targets')
    .values({ platform: 'discord', workspace_id: 'g1', channel_id: 'c1', kind: 'weekly', time: '09:00', timezone: 'Europe/Berlin', weekdays: '["mon"]', top: 5, min_upvotes: 3, topic: null, enabled: 1, updated_by: '111', updated_at: at, created_at: at })
    .execute();
  const sent = { kind: 'digest', platform: 'discord', recipient: 'c1', status: 'sent', claimed_at: at, sent_at: at, message_id: 'm1', covered_until: at } as const;
  await db.insertInto('deliveries').values({ ...sent, slot: '2026-01-05T08:00:00.000Z' }).execute();
  await db.insertInto('deliveries').values({ ...sent, slot: '2026-01-04T08:00:00.000Z' }).execute();
  await db.deleteFrom('deliveries').where('slot', '=', '2026-01-04T08:00:00.000Z').execute();
  await db.insertInto('deliveries').values({ ...sent, slot: '2026-01-06T08:00:00.000Z' }).execute();
  await db
    .insertInto('deliveries')
    .values({ kind: 'alert', platform: 'discord', recipient: '111', slot: at, status: 'claimed', claimed_at: at, owner: 'host:1:boot', lease_until: at, claim_key: 'k1', plan: '{"papers":[]}' })
    .execute();
  const deliveries = await db.selectFrom('deliveries').select(['id', 'kind']).orderBy('id').execute();
  const digests = deliveries.filter((d) => d.kind === 'digest');
  const alert = deliveries.find((d) => d.kind === 'alert')!;
  for (const [n, d] of digests.entries()) {
    await db.insertInto('delivered_papers').values([1, 2, 3].map((p) => ({ delivery_id: d.id, paper_id: paperRow(p + n).id, position: p }))).execute();
  }
  await db
    .insertInto('alerts')
    .values([
      { platform: 'discord', user_id: '111', paper_id: paperRow(10).id, topics: '["diffusion"]', milestone: '', queued_at: at, delivery_id: alert.id },
      { platform: 'discord', user_id: '111', paper_id: paperRow(11).id, topics: '["diffusion"]', milestone: '', queued_at: at, delivery_id: null },
      { platform: 'discord', user_id: '111', paper_id: paperRow(11).id, topics: '[]', milestone: 'upvotes-50', queued_at: at, delivery_id: null },
    ])
    .execute();
  await db.insertInto('watches').values({ platform: 'discord', user_id: '111', paper_id: paperRow(11).id, created_at: at }).execute();
  await db.insertInto('milestone_marks').values({ paper_id: paperRow(11).id, upvotes: 52, has_code: 0, top_of_day: 1, updated_at: at }).execute();
  await db
    .insertInto('votes')
    .values([
      { platform: 'discord', user_id: '111', paper_id: paperRow(12).id, vote: 1, voted_at: at },
      { platform: 'discord', user_id: '111', paper_id: paperRow(13).id, vote: -1, voted_at: at },
    ])
    .execute();
  await db.insertInto('reader_models').values({ platform: 'discord', user_id: '111', state: '{"version":1,"votes":2,"features":{}}', votes: 2, updated_at: at }).execute();
  await db.insertInto('meta').values({ key: 'discord.commands', value: 'abc', updated_at: at }).execute();
  await db.insertInto('interaction_state').values({ id: 'btn1', kind: 'search', payload: '{"q":"ssm"}', created_at: at, expires_at: '2099-01-01T00:00:00.000Z' }).execute();
  // A sealed secret stays sealed through a copy (the target needs the same TOKEN_ENCRYPTION_KEY).
  await db
    .insertInto('installations')
    .values({ platform: 'slack', workspace_id: 'T0LAB', team_id: 'T0LAB', enterprise_id: null, org_wide: 0, secret: 'v1.bm9uY2U.dGFn.Ym9keQ', installed_at: at, removed_at: null, removed_reason: null })
    .execute();
}
