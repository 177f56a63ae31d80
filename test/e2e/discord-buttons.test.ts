import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, BOB, GENERAL, makePaper, startHarness, type Harness } from '../fakes/discord-harness.js';
import { buttons, press, pressedMessage, readable, run, str, textOf } from '../fakes/discord-drive.js';
import type { InvocationSpec } from '../fakes/discord-server.js';

let h: Harness;
/** The message a button sits on, as Discord attaches it to the press. */
const asMessage = (body: Record<string, unknown>) => pressedMessage(h.discord, GENERAL.id, body);
const alice: InvocationSpec = { user: ALICE, channel: GENERAL };
const papers = Array.from({ length: 12 }, (_, i) => makePaper({ id: `2606.2${String(i).padStart(4, '0')}`, title: `Origami attention, part ${i + 1}`, upvotes: 100 - i }));

beforeAll(async () => {
  h = await startHarness({ papers });
});
afterAll(() => h.close());

describe('Discord search buttons', () => {
  it('pages by updating the message in place, with custom ids that carry the page, and shares publicly with a mention that pings no one', async () => {
    const first = await run(h.discord, alice, 'search', [str('query', 'origami attention')]);
    const firstButtons = buttons(first.message);
    expect(firstButtons.filter((b) => b.label.startsWith('Share'))).toHaveLength(5);
    const [previous, next] = firstButtons.filter((b) => b.label === 'Previous' || b.label === 'Next');
    expect(previous!.disabled).toBe(true);
    expect(next!.customId).toMatch(/^pb:page:[A-Za-z0-9_-]+:2$/);

    const second = await press(h.discord, alice, next!.customId, asMessage(first.message));
    expect(Number((second.callback.body as { type: number }).type)).toBe(6);
    expect(readable((second.message.embeds as { title: string }[])[0]!.title)).toBe('6. Origami attention, part 6');
    expect(buttons(second.message).find((b) => b.label === 'Previous')!.disabled).toBe(false);

    const share = buttons(second.message).find((b) => b.label === 'Share 7')!;
    expect(share.customId).toBe('pb:share:2606.20006');
    const shared = await press(h.discord, { user: BOB, channel: GENERAL }, share.customId, asMessage(second.message));
    expect(shared.ephemeral).toBe(false);
    expect(shared.message.content).toBe(`Shared by <@${BOB.id}>`);
    expect(readable(textOf(shared.message))).toContain('Origami attention, part 7');
    expect(shared.message.allowed_mentions).toEqual({ parse: [] });
  });

  it('a button whose state was never saved says so', async () => {
    const answer = await press(h.discord, alice, 'pb:page:AAAAAAAAAAAAAAAA:2', asMessage({ content: 'old' }));
    expect(answer.ephemeral).toBe(true);
    expect(answer.message.content).toBe('This button has expired (results are kept for a week); run the /papers command again for fresh results.');
  });

  it('autocompletes your topics for unsubscribe and timezones for digest set', async () => {
    await run(h.discord, alice, 'subscribe', [str('topic', 'speculative decoding')]);
    await run(h.discord, alice, 'subscribe', [str('topic', 'state space models')]);
    const { token } = h.discord.autocomplete(alice, 'unsubscribe', [{ name: 'topic', type: 3, value: 'spec', focused: true }]);
    const { callback } = await h.discord.answer(token);
    expect(callback.body).toEqual({ type: 8, data: { choices: [{ name: 'speculative decoding', value: 'speculative decoding' }] } });
    const tz = h.discord.autocomplete(alice, 'digest set', [{ name: 'timezone', type: 3, value: 'europe/ber', focused: true }]);
    const zones = (await h.discord.answer(tz.token)).callback.body as { data: { choices: { value: string }[] } };
    expect(zones.data.choices.map((c) => c.value)).toEqual(['Europe/Berlin']);
  });

  it('a failing handler is logged and answered with one ephemeral sentence', async () => {
    const broken = h.context.services.paper.share;
    (h.context.services.paper as { share: unknown }).share = () => Promise.reject(new Error('database on fire'));
    try {
      const answer = await press(h.discord, alice, 'pb:share:2606.20001', asMessage({ content: 'x' }));
      expect(answer.ephemeral).toBe(true);
      expect(answer.message.content).toBe('Something went wrong on our side; please try again in a minute.');
      expect(h.logs.some((l) => l.msg === 'interaction failed')).toBe(true);
    } finally {
      (h.context.services.paper as { share: unknown }).share = broken;
    }
  });
});
