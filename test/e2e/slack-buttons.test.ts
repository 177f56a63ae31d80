/**
 * Paging and Share buttons (block_actions) on the real Bolt App, as only Slack has them: pages
 * replace the ephemeral message through the click's response_url, Share posts with chat.postMessage
 * without unfurling, and an expired or foreign button is answered without replacing anything.
 * Paging after a restart is in the chat contract (test/contract/).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGING_STATE_TTL_MS } from '../../src/platforms/page-buttons.js';
import type { ResponseCall } from '../fakes/slack-api.js';
import { blockText, NOW, startSlackHarness, type SlackHarness } from '../fakes/slack-harness.js';
import { buttonPayload, postButton, postCommand } from '../fakes/slack-requests.js';

let h: SlackHarness;

beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(() => h.close());

async function nextResponse(send: () => Promise<Response>, what: string): Promise<ResponseCall> {
  const before = h.slack.responses.length;
  expect((await send()).status).toBe(200);
  return h.slack.waitFor(() => h.slack.responses[before], what);
}

interface Button {
  action_id: string;
  value?: string;
}

function buttons(blocks: unknown): Button[] {
  const found: Button[] = [];
  for (const block of blocks as { accessory?: Button & { type: string }; elements?: (Button & { type: string })[] }[]) {
    if (block.accessory?.type === 'button') found.push(block.accessory);
    for (const e of block.elements ?? []) if (e.type === 'button' && e.value !== undefined) found.push(e);
  }
  return found;
}

const find = (blocks: unknown, id: string) => buttons(blocks).find((b) => b.action_id === id)!;

describe('buttons', () => {
  it('Next and Previous page through a search in place', async () => {
    const first = await nextResponse(() => postCommand(h.appUrl, h.slack, { text: 'search a' }), 'page 1');
    const text = blockText(first.body.blocks);
    expect(text).toContain('Page 1 of');
    const next = find(first.body.blocks, 'paperboy_page_next');
    expect(buttons(first.body.blocks).some((b) => b.action_id === 'paperboy_page_previous')).toBe(false);

    const second = await nextResponse(() => postButton(h.appUrl, buttonPayload(h.slack, next)), 'page 2');
    expect(second.body.replace_original).toBe(true);
    expect(blockText(second.body.blocks)).toContain('Page 2 of');
    const previous = find(second.body.blocks, 'paperboy_page_previous');
    const back = await nextResponse(() => postButton(h.appUrl, buttonPayload(h.slack, previous)), 'page 1 again');
    expect(blockText(back.body.blocks)).toContain('Page 1 of');
  });

  it('Share posts the paper to the channel, saying who shared it, without unfurling', async () => {
    const results = await nextResponse(() => postCommand(h.appUrl, h.slack, { text: 'search world models' }), 'results');
    const share = find(results.body.blocks, 'paperboy_share_0');
    const posted = h.slack.messages.length;
    await postButton(h.appUrl, buttonPayload(h.slack, share, { channel_id: 'C0LAB' }));
    const message = await h.slack.waitFor(() => h.slack.messages[posted], 'the shared paper');
    expect(message.channel).toBe('C0LAB');
    expect(blockText(message.blocks)).toContain('Shared by u0ada');
    expect(blockText(message.blocks)).toContain('Video World Models');
    expect(message).toMatchObject({ unfurl_links: false, unfurl_media: false });
  });

  it('an expired paging button says so, and posts nothing', async () => {
    const results = await nextResponse(() => postCommand(h.appUrl, h.slack, { text: 'search a' }), 'results');
    const next = find(results.body.blocks, 'paperboy_page_next');
    const posted = h.slack.messages.length;
    h.clock.set(new Date(NOW.getTime() + PAGING_STATE_TTL_MS + 1000));
    try {
      const answer = await nextResponse(() => postButton(h.appUrl, buttonPayload(h.slack, next)), 'the expiry notice');
      expect(blockText(answer.body.blocks)).toContain('This button has expired');
      expect(answer.body.response_type).toBe('ephemeral');
      expect(answer.body.replace_original).toBe(false);
      expect(h.slack.messages.length).toBe(posted);
    } finally {
      h.clock.set(NOW);
    }
  });

  it('a button whose state was never saved, or from an older version, is treated as expired', async () => {
    for (const button of [
      { action_id: 'paperboy_page_next', value: 'no-such-state:2' },
      { action_id: 'paperboy_share_0', value: 'AAAAAAAAAAAAAAAA' },
    ]) {
      const answer = await nextResponse(() => postButton(h.appUrl, buttonPayload(h.slack, button)), 'the expiry notice');
      expect(blockText(answer.body.blocks)).toContain('This button has expired');
    }
  });

  it('Share into a channel the bot cannot post in explains how to invite it', async () => {
    const results = await nextResponse(() => postCommand(h.appUrl, h.slack, { text: 'search world models', channel_id: 'C0PRIVATE' }), 'results');
    h.slack.setChannelError('C0PRIVATE', 'not_in_channel');
    const answer = await nextResponse(
      () => postButton(h.appUrl, buttonPayload(h.slack, find(results.body.blocks, 'paperboy_share_0'), { channel_id: 'C0PRIVATE' })),
      'the explanation',
    );
    expect(blockText(answer.body.blocks)).toContain('/invite @Paperboy');
  });
});
