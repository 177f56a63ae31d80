/** Small helpers for driving the bot through the fake Discord and reading its answers. */
import type { FakeDiscord, InvocationSpec, RecordedCall, SentOption } from './discord-server.js';

type Json = Record<string, unknown>;

export const str = (name: string, value: string, focused = false): SentOption => ({ name, type: 3, value, ...(focused ? { focused } : {}) });
export const int = (name: string, value: number): SentOption => ({ name, type: 4, value });
export const channel = (name: string, value: string): SentOption => ({ name, type: 7, value });

export interface Answer {
  readonly token: string;
  /** The interaction callback (type 4 reply, 5 defer, 6 deferred update, 7 update, 8 autocomplete). */
  readonly callback: RecordedCall;
  /** The message the person ends up seeing (the reply's data, or the @original edit). */
  readonly message: Json;
  /** True when only the caller sees it. */
  readonly ephemeral: boolean;
}

/** Runs `/papers <path>` and waits for the final answer. */
export async function run(discord: FakeDiscord, spec: InvocationSpec, path: string, options: SentOption[] = []): Promise<Answer> {
  const { token } = discord.command(spec, path, options);
  return answerOf(discord, token);
}

export async function press(discord: FakeDiscord, spec: InvocationSpec, customId: string, message: Json): Promise<Answer> {
  const { token } = discord.button(spec, customId, message);
  return answerOf(discord, token);
}

export async function answerOf(discord: FakeDiscord, token: string): Promise<Answer> {
  const { callback, final } = await discord.answer(token);
  const body = callback.body as Json;
  const type = Number(body.type);
  const message = (type === 4 || type === 7 ? body.data : final.body) as Json;
  const flags = Number(((type === 4 || type === 5 ? body.data : undefined) as Json | undefined)?.flags ?? 0);
  return { token, callback, message, ephemeral: (flags & 64) === 64 };
}

/** Everything a person reads in a message: content, embed titles, descriptions, fields, footers. */
export function textOf(message: Json): string {
  const embeds = (message.embeds as Json[] | undefined) ?? [];
  const parts = [String(message.content ?? '')];
  for (const e of embeds) {
    parts.push(String(e.title ?? ''), String(e.description ?? ''));
    for (const f of (e.fields as Json[] | undefined) ?? []) parts.push(String(f.name), String(f.value));
    parts.push(String((e.footer as Json | undefined)?.text ?? ''));
  }
  return parts.join('\n');
}

/** Custom ids of the buttons in a message, in order. */
export function buttons(message: Json): { label: string; customId: string; disabled: boolean }[] {
  const rows = (message.components as Json[] | undefined) ?? [];
  return rows.flatMap((row) =>
    ((row.components as Json[] | undefined) ?? []).map((b) => ({ label: String(b.label), customId: String(b.custom_id), disabled: b.disabled === true })),
  );
}

/** Follow-up messages sent for an interaction token. */
export function followUps(discord: FakeDiscord, token: string): Json[] {
  return discord.calls.filter((c) => c.method === 'POST' && c.path === `/webhooks/${discord.applicationId}/${token}`).map((c) => c.body as Json);
}

/** Waits until `count` follow-ups have arrived for the token, and returns them. */
export async function waitFollowUps(discord: FakeDiscord, token: string, count: number): Promise<Json[]> {
  const isFollowUp = (c: RecordedCall) => c.method === 'POST' && c.path === `/webhooks/${discord.applicationId}/${token}`;
  await discord.waitFor((c) => isFollowUp(c) && discord.calls.filter(isFollowUp).length >= count);
  return followUps(discord, token);
}

/** Text as a person reads it: Discord's markdown escapes removed. */
export function readable(text: unknown): string {
  return String(text ?? '').replace(/\\([\\*_`~|>#\-[\]().:<@!=+])/g, '$1');
}

/** The message object Discord attaches to a button press: the bot's message the button sits on. */
export function pressedMessage(discord: FakeDiscord, channelId: string, body: Json): Json {
  return {
    id: '900000000000000001',
    type: 0,
    channel_id: channelId,
    author: { id: discord.bot.id, username: 'Paperboy', discriminator: '0', avatar: null, bot: true },
    content: body.content ?? '',
    embeds: body.embeds ?? [],
    components: body.components ?? [],
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    flags: 64,
  };
}
