import { fileURLToPath } from 'node:url';
import { memoryStore } from '../helpers/memory-store.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/message.js';
import type { TargetRef } from '../../src/core/ports.js';
import { ADMIN_ONLY, createDigestCommands, type DigestCaller } from '../../src/core/use-cases/digest.js';
import { createHuggingFaceSource } from '../../src/sources/hf/client.js';
import type { Store } from '../../src/store/index.js';
import { startFakeHuggingFace, type FakeHuggingFace } from '../fakes/hf-server.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/hf/', import.meta.url));
const NOW = new Date('2026-06-05T12:00:00Z');
const channel: TargetRef = { platform: 'discord', channelId: 'C_LAB', workspaceId: 'G1' };
const admin: DigestCaller = { person: { platform: 'discord', userId: 'U_ADMIN' }, target: channel, isAdmin: true, now: NOW };
const member: DigestCaller = { ...admin, person: { platform: 'discord', userId: 'U_MEMBER' }, isAdmin: false };

let hf: FakeHuggingFace;
let store: Store;
const digest = () => createDigestCommands(store);

function text(reply: Reply): string {
  return reply.blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
}

beforeAll(async () => {
  hf = await startFakeHuggingFace({ dir: FIXTURES, today: '2026-06-05' });
});
afterAll(() => hf.close());

beforeEach(async () => {
  store = await memoryStore();
  const source = createHuggingFaceSource({ baseUrl: hf.url, retries: 0 });
  for (const day of ['2026-06-03', '2026-06-04']) await store.papers.upsert(await source.daily(day), 'daily', NOW);
  return () => store.close();
});

describe('digest set', () => {
  it('is for admins only, and changes nothing for anyone else', async () => {
    await expect(digest().set(member, { time: '10:00' })).rejects.toThrow(ADMIN_ONLY);
    await expect(digest().off(member)).rejects.toThrow(ADMIN_ONLY);
    expect(await store.digests.settings(channel)).toBeUndefined();
  });

  it('starts from the defaults and describes the schedule in words', async () => {
    const reply = await digest().set(admin, {});
    expect(text(reply)).toBe('Digest for this channel is set: the top 10 papers, Monday to Friday at 09:00 UTC.');
    expect(await store.digests.settings(channel)).toMatchObject({
      time: '09:00',
      timezone: 'UTC',
      weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
      top: 10,
      minUpvotes: 0,
      enabled: true,
      updatedBy: 'discord:U_ADMIN',
    });
  });

  it('merges with the existing settings, so one option changes one thing', async () => {
    await digest().set(admin, { time: '07:30', timezone: 'Europe/Berlin', weekdays: 'mon,wed,fri', topic: 'diffusion' });
    const reply = await digest().set(admin, { top: 5, minUpvotes: 20 });
    expect(text(reply)).toContain(
      'the top 5 papers with at least 20 upvotes matching "diffusion", Monday, Wednesday and Friday at 07:30 Europe/Berlin.',
    );
    await digest().set(admin, { topic: 'all', weekdays: 'sat-sun' });
    expect(await store.digests.settings(channel)).toMatchObject({ topic: undefined, weekdays: ['sat', 'sun'], top: 5 });
  });

  it.each([
    [{ time: '9am' }, /HH:MM/],
    [{ timezone: 'Mars/Olympus' }, /Europe\/Berlin/],
    [{ top: 0 }, /from 1 to 25/],
    [{ top: 26 }, /from 1 to 25/],
    [{ minUpvotes: -1 }, /0 or more/],
    [{ weekdays: 'weekdays-ish' }, /mon-fri.*mon,wed,fri/],
    [{ topic: '-only -exclusions' }, /at least one word/],
  ])('refuses %o with a sentence that says what works', async (input, message) => {
    await expect(digest().set(admin, input)).rejects.toThrow(message);
  });

  it('can schedule another channel by id', async () => {
    const reply = await digest().set(admin, { channelId: 'C_OTHER' });
    expect(text(reply)).toContain('for channel C_OTHER');
    expect(await store.digests.settings({ ...channel, channelId: 'C_OTHER' })).toBeDefined();
  });
});

describe('digest off, show and preview', () => {
  it('shows the empty state, the schedule, and the off state', async () => {
    expect(text(await digest().show(member))).toBe(
      'No digest here yet; an admin can run /papers digest set 09:00 Europe/Berlin.',
    );
    await digest().set(admin, { time: '08:00', weekdays: 'mon-sun' });
    expect(text(await digest().show(member))).toBe('Digest here: the top 10 papers, every day at 08:00 UTC.');
    expect(text(await digest().off(admin))).toContain('is off');
    expect(text(await digest().show(member))).toMatch(/^The digest here is off \(turned off by discord:U_ADMIN\)/);
    expect(text(await digest().off(admin))).toContain('no digest');
    await digest().set(admin, {});
    expect((await store.digests.settings(channel))?.enabled).toBe(true);
  });

  it('previews the next digest privately: the last complete day, ranked, within the settings', async () => {
    await digest().set(admin, { top: 3, minUpvotes: 10 });
    const reply = await digest().preview(member);
    expect(reply.visibility).toBe('private');
    const block = reply.blocks.find((b) => b.type === 'papers');
    if (block?.type !== 'papers') throw new Error('no papers in preview');
    expect(block.items.map((i) => i.paper.id)).toEqual(['2606.02210', '2606.02288', '2606.02345']);
    expect(text(reply)).toContain('Preview');
  });

  it('previews with the defaults where no digest is set, and says when it would be empty', async () => {
    const reply = await digest().preview(member);
    const block = reply.blocks.find((b) => b.type === 'papers');
    expect(block?.type === 'papers' && block.items.length).toBe(6);
    await digest().set(admin, { topic: 'zebra' });
    expect(text(await digest().preview(member))).toContain('would be empty');
  });

  it('needs a channel', async () => {
    await expect(digest().show({ ...member, target: undefined })).rejects.toThrow(/run this in the channel/);
  });
});
