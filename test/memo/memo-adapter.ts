/**
 * Paperboy on Memo (test/memo/memo-service.ts), written as a new platform is: it names itself,
 * routes `/papers` text through the shared parser and dispatcher, renders `Reply` in Memo's markup
 * within Memo's limits, answers buttons through the shared paging state, delivers as a Messenger,
 * and drains on stop. Nothing in core, the store or the migrations knows it exists; the shared
 * contract suite (test/contract/) holds it to what every platform promises.
 */
import { parseCommandText } from '../../commands/parse-text.js';
import { UsageError } from '../../src/core/errors.js';
import { errorReply, type Reply } from '../../src/core/message.js';
import type { TargetRef } from '../../src/core/ports.js';
import { createInFlight, STOP_DRAIN_MS } from '../../src/core/in-flight.js';
import { EXPIRED_BUTTON, pageButtons, parsePageButtonValue, turnPage } from '../../src/platforms/page-buttons.js';
import { buttonCommand } from '../../src/platforms/paper-buttons.js';
import type { ChatAdapter, PlatformContext } from '../../src/platforms/platform.js';
import type { MemoEvent, MemoService } from './memo-service.js';
import { createMemoMessenger } from './messenger.js';
import { renderMemo } from './render-memo.js';

const SOMETHING_WRONG = 'Something went wrong on our side; please try again in a minute.';

export function createMemoAdapter(context: PlatformContext, service: MemoService): ChatAdapter {
  const { dispatcher, clock, config, logger } = context;
  const inFlight = createInFlight();
  let end = () => {};
  const ended = new Promise<void>((done) => (end = done));

  /** The one error boundary: whatever fails is logged and answered with one sentence. */
  const guarded = (work: (event: MemoEvent) => Promise<void>) => async (event: MemoEvent) => {
    const running = work(event).catch(async (error: unknown) => {
      logger.error({ err: error, user: event.user, text: event.text }, 'memo request failed');
      await event.reply(renderMemo(errorReply(SOMETHING_WRONG)));
    });
    await inFlight.track(running);
  };

  const who = (event: MemoEvent) => ({
    person: { platform: 'memo', userId: event.user },
    target: event.channel.startsWith('dm:') ? undefined : ({ platform: 'memo', channelId: event.channel } satisfies TargetRef),
    isAdmin: service.isAdmin(event.user) || config.ADMIN_USER_IDS.includes(event.user),
    now: clock.now(),
  });

  async function answer(event: MemoEvent, reply: Reply, how: { update?: boolean; pagingState?: string } = {}): Promise<void> {
    const message = renderMemo(reply, await pageButtons(reply, context.interactions, clock.now(), how.pagingState));
    if (how.update) await event.update(message);
    else await event.reply(message, { public: reply.visibility === 'public' });
  }

  async function command(event: MemoEvent): Promise<void> {
    const parsed = parseCommandText(event.text);
    if (parsed instanceof UsageError) return answer(event, errorReply(`${parsed.message} Usage: ${parsed.usage ?? '/papers help'}`));
    await answer(event, await dispatcher.dispatch({ command: parsed, context: who(event) }));
  }

  async function button(event: MemoEvent): Promise<void> {
    const [kind, ...rest] = event.text.split(':');
    const value = rest.join(':');
    if (kind === 'share') return answer(event, await context.services.paper.share(value, event.user, clock.now()));
    if (kind === 'run') {
      // 👍/👎, More like this and confirmations answer the presser alone.
      const command = buttonCommand(value);
      if (!command) return answer(event, errorReply(EXPIRED_BUTTON));
      return answer(event, { ...(await dispatcher.dispatch({ command, context: who(event) })), visibility: 'private' });
    }
    const to = parsePageButtonValue(value);
    const page = to && (await turnPage(context.interactions, to.stateId, to.page, clock.now()));
    if (!to || !page) return answer(event, errorReply(EXPIRED_BUTTON));
    await answer(event, await dispatcher.dispatch({ command: page, context: who(event) }), { update: true, pagingState: to.stateId });
  }

  return {
    ...createMemoMessenger(service, context),
    ended,
    async start() {
      service.connect({ command: guarded(command), button: guarded(button), closed: end });
    },
    async stop() {
      service.disconnect();
      await inFlight.drain(STOP_DRAIN_MS);
    },
  };
}
