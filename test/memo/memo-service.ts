/**
 * Memo, a small chat service that lives in memory: the stand-in a new platform's adapter is written
 * against in the tests (test/memo/memo-adapter.ts), with rules of its own as any real service has.
 * Channels and direct messages hold messages of plain text with buttons under them; a message is at
 * most 4000 characters and 10 buttons; `*bold*`, `_italic_` and `[label](url)` are markup, a
 * backslash escapes one character, and `@everyone`, `@here` or `@name` notify people. People type
 * slash commands and press buttons; replies to them may be ephemeral (seen by that person only).
 */

export const MEMO_LIMITS = { text: 4000, buttons: 10 } as const;

export interface MemoButton {
  readonly label: string;
  /** Opaque to the service: handed back to the bot when pressed. */
  readonly value: string;
}

export interface MemoMessage {
  readonly text: string;
  readonly buttons?: readonly MemoButton[];
  /** Lets the bot find the message again (a delivery key). */
  readonly key?: string;
}

export interface Posted extends MemoMessage {
  readonly id: string;
  /** A channel id, or `dm:<user>`. */
  readonly channel: string;
  /** Only this person sees it. */
  readonly ephemeralTo?: string;
  /** The message this one answers in a thread. */
  readonly thread?: string;
}

/** The service refused a call: `no_such_channel`, `blocked` (the person blocks the bot), `too_long`, `too_many_buttons`. */
export class MemoError extends Error {
  constructor(readonly code: string) {
    super(`memo refused the call: ${code}`);
  }
}

/** What a person's action hands the bot, and how it may answer them. */
export interface MemoEvent {
  readonly user: string;
  readonly channel: string;
  /** The command's text after the slash command, or the pressed button's value. */
  readonly text: string;
  /** Answers only this person. */
  reply(message: MemoMessage, options?: { readonly public?: boolean }): Promise<void>;
  /** Replaces the message the button sits on (buttons only). */
  update(message: MemoMessage): Promise<void>;
}

export type MemoHandler = (event: MemoEvent) => Promise<void>;

export interface MemoService {
  /** The bot's side; `closed` is told when the service ends the bot's session for good. */
  connect(handlers: { readonly command: MemoHandler; readonly button: MemoHandler; readonly closed?: () => void }): void;
  disconnect(): void;
  post(channel: string, message: MemoMessage, thread?: string): Posted;
  dm(user: string, message: MemoMessage): Posted;
  history(channel: string): readonly Posted[];
  isAdmin(user: string): boolean;
  /** The people's side, for tests: what they type and press, and what they see. */
  type(user: string, channel: string, text: string): Promise<Posted[]>;
  press(user: string, message: Posted, label: string): Promise<Posted[]>;
  messages: Posted[];
  /** Ends the bot's session, as a service does when the bot is removed. */
  shutdown(): void;
  block(user: string): void;
  unblock(user: string): void;
}

export function createMemoService(options: { readonly channels: readonly string[]; readonly admins: readonly string[] }): MemoService {
  const channels = new Set(options.channels);
  const blocked = new Set<string>();
  const messages: Posted[] = [];
  let handlers: { command: MemoHandler; button: MemoHandler; closed?: () => void } | undefined;
  let next = 1;

  function store(channel: string, message: MemoMessage, extra: Partial<Posted> = {}): Posted {
    if (message.text.length > MEMO_LIMITS.text) throw new MemoError('too_long');
    if ((message.buttons?.length ?? 0) > MEMO_LIMITS.buttons) throw new MemoError('too_many_buttons');
    const posted: Posted = { ...message, id: `m${next++}`, channel, ...extra };
    messages.push(posted);
    return posted;
  }

  async function deliver(kind: 'command' | 'button', user: string, channel: string, text: string, on?: Posted): Promise<Posted[]> {
    if (!handlers) throw new MemoError('bot_offline');
    const shown: Posted[] = [];
    await handlers[kind]({
      user,
      channel,
      text,
      reply: async (message, how) => void shown.push(store(channel, message, how?.public ? {} : { ephemeralTo: user })),
      update: async (message) => {
        if (!on) throw new MemoError('nothing_to_update');
        const updated = store(channel, message, { ...(on.ephemeralTo ? { ephemeralTo: on.ephemeralTo } : {}) });
        shown.push(updated);
      },
    });
    return shown;
  }

  return {
    connect: (given) => void (handlers = given),
    disconnect: () => void (handlers = undefined),
    post(channel, message, thread) {
      if (!channels.has(channel)) throw new MemoError('no_such_channel');
      return store(channel, message, thread ? { thread } : {});
    },
    dm(user, message) {
      if (blocked.has(user)) throw new MemoError('blocked');
      return store(`dm:${user}`, message);
    },
    history: (channel) => messages.filter((m) => m.channel === channel && !m.ephemeralTo),
    isAdmin: (user) => options.admins.includes(user),
    type: (user, channel, text) => deliver('command', user, channel, text),
    press(user, message, label) {
      const button = message.buttons?.find((b) => b.label === label);
      if (!button) throw new Error(`no button "${label}" on ${message.id}`);
      return deliver('button', user, message.channel, button.value, message);
    },
    messages,
    shutdown() {
      const closed = handlers?.closed;
      handlers = undefined;
      closed?.();
    },
    block: (user) => void blocked.add(user),
    unblock: (user) => void blocked.delete(user),
  };
}
