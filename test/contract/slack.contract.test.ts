/** The chat contract on Slack: the real Bolt App over HTTP against the fake Slack, with signed requests. */
import type { PersonRef, TargetRef } from '../../src/core/ports.js';
import { createSlackAdapter } from '../../src/platforms/slack/index.js';
import { startFakeSlack, type PostedMessage } from '../fakes/slack-api.js';
import { blockText, freePort, TEST_RETRY } from '../fakes/slack-harness.js';
import { buttonPayload, postButton, postCommand, SIGNING_SECRET } from '../fakes/slack-requests.js';
import { describeChatContract, restartable, type ContractDriver, type Seen, type Who } from './chat-contract.js';
import { openWorld } from './world.js';

const LAB = 'C0LAB';
const USERS: Record<Who, string> = { member: 'U0ADA', admin: 'U0BOSS' };
type Json = Record<string, unknown>;
interface Button {
  readonly action_id: string;
  readonly value?: string;
  readonly text?: { readonly text: string };
}

/** Interactive buttons (not link buttons), by the label the contract names them with. */
function buttonsOf(blocks: unknown): Map<string, Button> {
  const found = new Map<string, Button>();
  for (const block of (blocks as { accessory?: Button; elements?: Button[] }[] | undefined) ?? []) {
    for (const b of [block.accessory, ...(block.elements ?? [])]) {
      const share = /^paperboy_share_(\d+)$/.exec(b?.action_id ?? '');
      if (share) found.set(`Share ${Number(share[1]) + 1}`, b!);
      const similar = /^paperboy_run_similar_(\d+)$/.exec(b?.action_id ?? '');
      if (similar) found.set(`More like ${Number(similar[1]) + 1}`, b!);
      if (b?.action_id === 'paperboy_page_next') found.set('Next', b);
      if (b?.action_id === 'paperboy_page_previous') found.set('Previous', b);
      const vote = /^paperboy_run_(up|down)_(\d+)$/.exec(b?.action_id ?? '');
      if (vote) found.set(`${vote[1] === 'up' ? '👍' : '👎'} ${Number(vote[2]) + 1}`, b!);
      if (/^paperboy_run_action_/.test(b?.action_id ?? '')) found.set(b!.text?.text ?? '', b!);
    }
  }
  return found;
}

describeChatContract('Slack', {}, async (): Promise<ContractDriver> => {
  const world = await openWorld();
  const slack = await startFakeSlack({ users: { U0ADA: {}, U0BOSS: { admin: true } } });
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const env = { SLACK_BOT_TOKEN: slack.botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_PORT: String(port), SLACK_API_URL: slack.url };
  const running = await restartable(async () => {
    const adapter = createSlackAdapter(world.context(env), { retryConfig: TEST_RETRY });
    await adapter.start();
    return adapter;
  });

  const seen = (message: { text?: unknown; blocks?: unknown }, isPrivate: boolean, raw: unknown = message): Seen => ({
    // A message without blocks (the error boundary's) is its notification text.
    text: (blockText(message.blocks) || String(message.text ?? '')).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'),
    private: isPrivate,
    buttons: [...buttonsOf(message.blocks).keys()],
    raw,
  });
  const fromResponse = (body: Json) => seen(body, body.response_type !== 'in_channel');

  /** The next answer to reach a response_url after `send`. */
  async function response(send: () => Promise<Response>): Promise<Seen> {
    const before = slack.responses.length;
    await send();
    return fromResponse((await slack.waitFor(() => slack.responses[before], 'an answer')).body);
  }

  /** Pages answer through the response_url; Share posts in the channel. */
  async function press(shown: Seen, label: string): Promise<Seen> {
    const button = buttonsOf((shown.raw as Json).blocks).get(label);
    if (!button) throw new Error(`no ${label} button`);
    const click = () => postButton(appUrl, buttonPayload(slack, button, { channel_id: LAB }));
    if (!label.startsWith('Share')) return response(click);
    const before = slack.messages.length;
    await click();
    return seen(await slack.waitFor(() => slack.messages[before], 'the shared paper'), false);
  }

  return {
    world,
    get adapter() {
      return running.current;
    },
    channel: { platform: 'slack', channelId: LAB, workspaceId: slack.teamId } satisfies TargetRef,
    person: (who): PersonRef => ({ platform: 'slack', userId: USERS[who] }),
    run: (text, who = 'member') => response(() => postCommand(appUrl, slack, { text, user_id: USERS[who], channel_id: LAB })),
    nextPage: (shown) => press(shown, 'Next'),
    press,
    posted: async () => slack.messages.filter((m) => m.channel === LAB && !m.thread_ts).map((m) => seen(m, false)),
    details: async (message) => slack.messages.filter((m) => m.thread_ts === (message.raw as PostedMessage).ts).map((m) => seen(m, false)),
    direct: async (person) => slack.messages.filter((m) => m.channel === `D${person.userId}`).map((m) => seen(m, true)),
    unreachable() {
      slack.setUser('U0CAT', { dmError: 'cannot_dm' });
      return { person: { platform: 'slack', userId: 'U0CAT' }, allow: () => slack.setUser('U0CAT', {}) };
    },
    live: (message) => JSON.stringify(message.raw).match(/<[!@#][^>]*>/g) ?? [],
    restart: () => running.restart(),
    async close() {
      await running.current.stop();
      await slack.close();
      await world.close();
    },
  };
});
