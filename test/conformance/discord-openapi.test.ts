/**
 * Every request body the Discord adapter sends in a typical session, validated against Discord's own
 * OpenAPI description (../shared/specs/discord/openapi.json). Skips, saying why, when ../shared is
 * absent; the message-wide limits are checked by the fake in the e2e tests.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestReply } from '../../src/core/digest/digest-reply.js';
import { ALICE, GENERAL, GUILD, makePaper, startHarness, type Harness } from '../fakes/discord-harness.js';
import { buttons, press, run, str, waitFollowUps } from '../fakes/discord-drive.js';
import { makeScheduler } from '../integration/scheduler-support.js';

const SPEC = resolve(import.meta.dirname, '../../../shared/specs/discord/openapi.json');
const present = existsSync(SPEC);
if (!present) console.warn(`Skipping the Discord OpenAPI conformance test: ${SPEC} is absent (it lives outside the project).`);

const ROUTES: readonly [string, RegExp, string][] = [
  ['POST', /^\/channels\/\d+\/messages$/, '/channels/{channel_id}/messages'],
  ['POST', /^\/channels\/\d+\/messages\/\d+\/threads$/, '/channels/{channel_id}/messages/{message_id}/threads'],
  ['POST', /^\/interactions\/\d+\/[^/]+\/callback$/, '/interactions/{interaction_id}/{interaction_token}/callback'],
  ['PATCH', /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/, '/webhooks/{webhook_id}/{webhook_token}/messages/@original'],
  ['POST', /^\/webhooks\/\d+\/[^/]+$/, '/webhooks/{webhook_id}/{webhook_token}'],
  ['PUT', /^\/applications\/\d+\/commands$/, '/applications/{application_id}/commands'],
  ['PUT', /^\/applications\/\d+\/guilds\/\d+\/commands$/, '/applications/{application_id}/guilds/{guild_id}/commands'],
  ['POST', /^\/users\/@me\/channels$/, '/users/@me/channels'],
];

describe.skipIf(!present)('Discord request bodies conform to Discord’s OpenAPI description', () => {
  let h: Harness;
  beforeAll(async () => {
    const papers = Array.from({ length: 7 }, (_, i) =>
      makePaper({ id: `2606.5${String(i).padStart(4, '0')}`, title: `Conformant paper ${i}`, summary: 'A long abstract that needs two messages. '.repeat(i === 0 ? 200 : 3), githubRepo: 'https://github.com/example/x', projectPage: 'https://example.org/x', aiSummary: 'Short.' }),
    );
    h = await startHarness({ papers });
    const alice = { user: ALICE, channel: GENERAL };
    const search = await run(h.discord, alice, 'search', [str('query', 'conformant paper')]);
    const next = buttons(search.message).find((b) => b.label === 'Next')!;
    const page = await press(h.discord, alice, next.customId, { id: '1', channel_id: GENERAL.id, type: 0, content: '', embeds: [], components: [], author: { id: h.discord.bot.id, username: 'x', discriminator: '0', avatar: null }, attachments: [], mentions: [], mention_roles: [], pinned: false, tts: false, mention_everyone: false, timestamp: new Date().toISOString(), edited_timestamp: null, flags: 64 });
    await press(h.discord, alice, buttons(page.message).find((b) => b.label.startsWith('Share'))!.customId, { id: '2', channel_id: GENERAL.id, type: 0, content: '', embeds: [], components: [], author: { id: h.discord.bot.id, username: 'x', discriminator: '0', avatar: null }, attachments: [], mentions: [], mention_roles: [], pinned: false, tts: false, mention_everyone: false, timestamp: new Date().toISOString(), edited_timestamp: null, flags: 64 });
    const paper = await run(h.discord, alice, 'paper', [str('id', papers[0]!.id)]);
    await waitFollowUps(h.discord, paper.token, 1);
    await run(h.discord, alice, 'subscribe', [str('topic', 'conformant')]);
    await run(h.discord, alice, 'help');
    const ac = h.discord.autocomplete(alice, 'unsubscribe', [{ name: 'topic', type: 3, value: 'con', focused: true }]);
    await h.discord.answer(ac.token);
    const message = digestReply({ dates: ['2026-06-03'], coveredUntil: '2026-06-03', papers, considered: 7 })!;
    const details = { visibility: 'public' as const, blocks: [{ type: 'papers' as const, detail: 'full' as const, items: papers.map((paper, i) => ({ paper, rank: i + 1 })) }] };
    await h.adapter.post({ platform: 'discord', channelId: GENERAL.id, workspaceId: GUILD.id }, message, { details, key: 'conformance' });
    const person = { platform: 'discord' as const, userId: ALICE.id };
    await h.store.alerts.enqueue([{ person, paperId: papers[1]!.id, topics: ['conformant'] }], new Date());
    const alerts = (await makeScheduler(h.store, h.hf, h.context.clock, [h.adapter]).pass({ instant: true })).alerts;
    expect(alerts.sent).toBe(1);
  });
  afterAll(() => h?.close());

  it('validates each recorded body against its operation’s requestBody schema', () => {
    const spec = JSON.parse(readFileSync(SPEC, 'utf8')) as { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema: unknown }> } }>> };
    const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
    ajv.addSchema({ ...spec, $id: 'discord-openapi.json' });
    const checked = new Set<string>();
    const problems: string[] = [];
    for (const call of h.discord.calls) {
      const route = ROUTES.find(([method, pattern]) => method === call.method && pattern.test(call.path));
      if (!route || call.body === undefined) continue;
      const operation = spec.paths[route[2]]?.[call.method.toLowerCase()];
      const schema = operation?.requestBody?.content?.['application/json']?.schema;
      expect(schema, `${call.method} ${route[2]} has a JSON request body in the spec`).toBeDefined();
      const pointer = `discord-openapi.json#/paths/${route[2].replace(/~/g, '~0').replace(/\//g, '~1')}/${call.method.toLowerCase()}/requestBody/content/application~1json/schema`;
      const validate = ajv.getSchema(pointer) ?? ajv.compile({ $ref: pointer });
      if (!validate(call.body)) problems.push(`${call.method} ${route[2]}: ${ajv.errorsText(validate.errors)}`);
      checked.add(`${call.method} ${route[2]}`);
    }
    expect(problems).toEqual([]);
    // The validator does refuse a wrong shape, so an empty list means something.
    const messages = ajv.getSchema('discord-openapi.json#/paths/~1channels~1{channel_id}~1messages/post/requestBody/content/application~1json/schema');
    expect(messages?.({ embeds: [{ title: 5 }] })).toBe(false);
    // The session exercised every route the adapter uses.
    expect([...checked].sort()).toEqual(
      [
        'POST /channels/{channel_id}/messages',
        'POST /channels/{channel_id}/messages/{message_id}/threads',
        'POST /interactions/{interaction_id}/{interaction_token}/callback',
        'PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original',
        'POST /webhooks/{webhook_id}/{webhook_token}',
        'PUT /applications/{application_id}/commands',
        'POST /users/@me/channels',
      ].sort(),
    );
  });
});
