/** The chat contract on Discord: the real discord.js Client against the fake Discord. */
import { papersCommand, findSubcommand } from '../../commands/index.js';
import { parseCommandText } from '../../commands/parse-text.js';
import type { PersonRef, TargetRef } from '../../src/core/ports.js';
import { createDiscordAdapter } from '../../src/platforms/discord/index.js';
import { ALICE, BOB, GENERAL, GUILD } from '../fakes/discord-harness.js';
import { answerOf, buttons, pressedMessage, readable, textOf, type Answer } from '../fakes/discord-drive.js';
import { MANAGER_PERMISSIONS, startFakeDiscord, type FakeUser, type SentOption } from '../fakes/discord-server.js';
import { describeChatContract, restartable, type ContractDriver, type Seen, type Who } from './chat-contract.js';
import { openWorld } from './world.js';

const CAROL: FakeUser = { id: '200000000000000003', username: 'carol' };
type Json = Record<string, unknown>;

describeChatContract('Discord', { typing: 'commands are picked from Discord’s menu, which only offers valid ones' }, async (): Promise<ContractDriver> => {
  const world = await openWorld();
  const discord = await startFakeDiscord({ guilds: [GUILD], channels: [GENERAL], users: [ALICE, BOB, CAROL] });
  const context = world.context({ DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl });
  const running = await restartable(async () => {
    const adapter = createDiscordAdapter(context, { register: false });
    await adapter.start();
    return adapter;
  });
  const users: Record<Who, { user: FakeUser; permissions?: string }> = { member: { user: ALICE }, admin: { user: BOB, permissions: MANAGER_PERMISSIONS } };

  const seen = (message: Json, isPrivate: boolean): Seen => ({
    text: readable([textOf(message), ...((message.embeds as Json[] | undefined) ?? []).map((e) => String(e.url ?? ''))].join('\n')).replace(/\u200b/g, ''),
    private: isPrivate,
    // A disabled button (Next on the last page) offers nothing.
    buttons: buttons(message).filter((b) => !b.disabled).map((b) => b.label),
    raw: message,
  });
  const fromAnswer = (answer: Answer, isPrivate = answer.ephemeral) => seen(answer.message, isPrivate);

  async function press(shown: Seen, label: string, who: Who = 'member'): Promise<Seen> {
    const button = buttons(shown.raw as Json).find((b) => b.label === label);
    if (!button) throw new Error(`no ${label} button`);
    const { token } = discord.button({ ...users[who], channel: GENERAL }, button.customId, pressedMessage(discord, GENERAL.id, shown.raw as Json));
    const answer = await answerOf(discord, token);
    // A page replaces the message it was asked from (a deferred update): it stays as private as that one.
    return fromAnswer(answer, Number((answer.callback.body as Json).type) === 6 ? shown.private : answer.ephemeral);
  }

  return {
    world,
    get adapter() {
      return running.current;
    },
    channel: { platform: 'discord', channelId: GENERAL.id, workspaceId: GUILD.id } satisfies TargetRef,
    person: (who): PersonRef => ({ platform: 'discord', userId: users[who].user.id }),
    async run(text, who = 'member') {
      const parsed = parseCommandText(text);
      if (parsed instanceof Error) throw parsed;
      const specs = findSubcommand(papersCommand, parsed.name)!.spec.options;
      const options: SentOption[] = Object.entries(parsed.options).map(([name, value]) => {
        const type = specs.find((o) => o.name === name)?.type;
        return { name, type: type === 'integer' ? 4 : type === 'channel' ? 7 : 3, value };
      });
      return fromAnswer(await answerOf(discord, discord.command({ ...users[who], channel: GENERAL }, parsed.name, options).token));
    },
    nextPage: (shown) => press(shown, 'Next'),
    press: (shown, label) => press(shown, label),
    posted: async () => (discord.messages.get(GENERAL.id) ?? []).map((m) => seen(m, false)),
    details: async (message) => (discord.messages.get(String((message.raw as Json).id)) ?? []).map((m) => seen(m, false)),
    async direct(person) {
      const channel = (await world.store.people.prefs(person)).dmChannelId;
      return (channel ? (discord.messages.get(channel) ?? []) : []).map((m) => seen(m, true));
    },
    unreachable() {
      discord.closedDms.add(CAROL.id);
      return { person: { platform: 'discord', userId: CAROL.id }, allow: () => void discord.closedDms.delete(CAROL.id) };
    },
    live(message) {
      const raw = message.raw as Json;
      // A message as Discord stored it says whom it notified; an interaction answer is checked by what it allowed.
      const notified =
        'mention_everyone' in raw
          ? [raw.mention_everyone === true ? 'everyone' : '', ...(raw.mentions as Json[]).map((u) => `<@${String(u.id)}>`)]
          : [JSON.stringify(raw.allowed_mentions) === JSON.stringify({ parse: [] }) ? '' : `allowed_mentions ${JSON.stringify(raw.allowed_mentions)}`];
      return [...notified, ...(JSON.stringify(raw).match(/@(everyone|here)/g) ?? [])].filter((x) => x !== '');
    },
    restart: () => running.restart(),
    async close() {
      await running.current.stop();
      await discord.close();
      await world.close();
    },
  };
});
