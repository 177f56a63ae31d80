/** The chat contract on the console: the console adapter on piped streams, as `paperboy start` runs it. */
import { PassThrough, Writable } from 'node:stream';
import type { PersonRef, TargetRef } from '../../src/core/ports.js';
import { createConsoleAdapter } from '../../src/platforms/console/console-adapter.js';
import { describeChatContract, restartable, type ContractDriver, type Seen } from './chat-contract.js';
import { openWorld } from './world.js';

const OPERATOR: PersonRef = { platform: 'console', userId: 'operator' };
const TERMINAL: TargetRef = { platform: 'console', channelId: 'terminal' };
const DIRECT = '\n--- direct message ---\n';
/** Control characters a terminal would obey (line breaks and tabs aside). */
const CONTROL = /(?![\n\t])\p{Cc}/gu;

describeChatContract(
  'the console',
  {
    members: 'the console has one person, its operator, who may configure everything',
    buttons: 'a terminal has no buttons; it prints the line that shows the next page',
  },
  async (): Promise<ContractDriver> => {
    const world = await openWorld();
    const writes: string[] = [];
    const output = new Writable({
      write(chunk: Buffer, _encoding, done) {
        writes.push(chunk.toString());
        done();
      },
    });
    let input = new PassThrough();
    const running = await restartable(async () => {
      input = new PassThrough();
      const adapter = createConsoleAdapter(world.context(), { input, output, terminal: false }, { person: OPERATOR, target: TERMINAL });
      await adapter.start();
      await adapter.greet({ fetched: 'Fetched 0 papers: 0 new, 0 updated.', digest: async () => undefined });
      return adapter;
    });

    const seen = (text: string, isPrivate: boolean): Seen => ({ text, private: isPrivate, buttons: [], raw: text });
    /** Everything the console printed that was not an answer: posts, and direct messages. */
    const delivered = (kind: 'post' | 'direct') =>
      writes.filter((w) => w.startsWith('\n') && w.startsWith(DIRECT) === (kind === 'direct')).map((w) => seen(w, kind === 'direct'));

    async function run(text: string): Promise<Seen> {
      const before = writes.length;
      input.write(`${text}\n`);
      while (writes.length === before) await new Promise((r) => setTimeout(r, 5));
      return seen(writes[before]!, true);
    }

    return {
      world,
      get adapter() {
        return running.current;
      },
      channel: TERMINAL,
      person: () => OPERATOR,
      run: (text) => run(text),
      nextPage(shown) {
        const line = /· (\/papers .* page:\d+)$/m.exec(shown.text)?.[1];
        if (!line) throw new Error(`no next page in ${shown.text}`);
        return run(line);
      },
      press: () => Promise.reject(new Error('the console has no buttons')),
      posted: async () => delivered('post'),
      details: async () => [],
      direct: async () => delivered('direct'),
      unreachable: () => ({ person: { platform: 'console', userId: 'someone-else' } }),
      live: (message) => [...message.text.matchAll(CONTROL)].map((m) => JSON.stringify(m[0])),
      restart: () => running.restart(),
      async close() {
        await running.current.stop();
        await world.close();
      },
    };
  },
);
