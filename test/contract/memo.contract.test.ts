/**
 * The chat contract on Memo, the in-memory chat service of test/memo/: a platform added without a
 * migration or an edit in core, held to the same contract as the others.
 */
import type { PersonRef, TargetRef } from '../../src/core/ports.js';
import { createMemoAdapter } from '../memo/memo-adapter.js';
import { createMemoService, type Posted } from '../memo/memo-service.js';
import { describeChatContract, restartable, type ContractDriver, type Seen, type Who } from './chat-contract.js';
import { openWorld } from './world.js';

const LAB = 'lab';
const USERS: Record<Who, string> = { member: 'ada', admin: 'boss' };

describeChatContract('Memo, a platform only the tests know', {}, async (): Promise<ContractDriver> => {
  const world = await openWorld();
  const service = createMemoService({ channels: [LAB], admins: ['boss'] });
  const running = await restartable(async () => {
    const adapter = createMemoAdapter(world.context(), service);
    await adapter.start();
    return adapter;
  });

  const seen = (message: Posted): Seen => ({
    text: message.text.replace(/\\(.)/g, '$1'),
    private: message.ephemeralTo !== undefined || message.channel.startsWith('dm:'),
    buttons: (message.buttons ?? []).map((b) => b.label),
    raw: message,
  });
  const last = (shown: Posted[]) => seen(shown.at(-1)!);
  const press = async (shown: Seen, label: string) => last(await service.press(USERS.member, shown.raw as Posted, label));

  return {
    world,
    get adapter() {
      return running.current;
    },
    channel: { platform: 'memo', channelId: LAB } satisfies TargetRef,
    person: (who): PersonRef => ({ platform: 'memo', userId: USERS[who] }),
    run: async (text, who = 'member') => last(await service.type(USERS[who], LAB, text)),
    nextPage: (shown) => press(shown, 'Next'),
    press,
    posted: async () => service.history(LAB).filter((m) => !m.thread).map(seen),
    details: async (message) => service.messages.filter((m) => m.thread === (message.raw as Posted).id).map(seen),
    direct: async (person) => service.history(`dm:${person.userId}`).map(seen),
    unreachable() {
      service.block('cat');
      return { person: { platform: 'memo', userId: 'cat' }, allow: () => service.unblock('cat') };
    },
    // Unescaped `@name` notifies someone.
    live: (message) => [...(message.raw as Posted).text.matchAll(/(?<!\\)@\w+/g)].map((m) => m[0]),
    restart: () => running.restart(),
    async close() {
      await running.current.stop();
      await world.close();
    },
  };
});
