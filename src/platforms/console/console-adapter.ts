/**
 * The terminal as a chat platform, started like the others: the same `/papers` words, read line by
 * line and answered as text, with digests and the operator's alerts printed as they are delivered.
 * On a TTY it has a prompt, line editing and history; piped, it reads plain lines and prints only
 * answers, so scripts and tests can drive it. It serves from `greet` on, after printing what the
 * start-up poll fetched and the current digest, and ends at `exit`, at the end of input or on Ctrl-C.
 */
import { userInfo } from 'node:os';
import { createInterface, type Interface } from 'node:readline';
import { formatUsageError, parseCommandText } from '../../../commands/parse-text.js';
import { UsageError } from '../../core/errors.js';
import type { PersonRef, TargetRef } from '../../core/ports.js';
import { createInFlight, STOP_DRAIN_MS } from '../../core/in-flight.js';
import type { ChatAdapter, PlatformContext, Startup } from '../platform.js';
import { CONSOLE_FAILURE } from './errors.js';
import { createConsoleMessenger } from './messenger.js';
import { renderText, type RenderOptions } from './render-text.js';

export const CONSOLE_PROMPT = 'papers> ';
const EXIT_WORDS = new Set(['exit', 'quit', '/exit', '/quit']);
const NO_PAPERS = 'No daily papers are stored yet; type /papers search <words> to ask Hugging Face directly.';

export interface ConsoleIo {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream & { columns?: number };
  /** A TTY: prompt, colour, line editing and history. */
  readonly terminal: boolean;
}

export interface ConsoleAdapter extends ChatAdapter {
  greet(startup: Startup): Promise<void>;
  readonly ended: Promise<void>;
}

/** The console's person and channel: the operator at this terminal, who may configure everything. */
export function consoleOperator(): { person: PersonRef; target: TargetRef } {
  let user = 'operator';
  try {
    user = userInfo().username || user;
  } catch {
    // No passwd entry (some containers): the default name serves.
  }
  return { person: { platform: 'console', userId: user }, target: { platform: 'console', channelId: 'terminal' } };
}

export function createConsoleAdapter(
  context: PlatformContext,
  io: ConsoleIo,
  who: { person: PersonRef; target: TargetRef } = consoleOperator(),
): ConsoleAdapter {
  const { output, terminal } = io;
  // A pseudo-terminal without a size reports 0 columns; that would put every word on its own line.
  const render: RenderOptions = { color: terminal, width: Math.min(output.columns || 80, 100) };
  const messenger = createConsoleMessenger({ output, operator: who.person, render });
  const write = (text: string) => output.write(`${text}\n`);
  let lines: Interface | undefined;
  const inFlight = createInFlight();
  let end = () => {};
  const ended = new Promise<void>((done) => (end = done));

  async function greet(startup: Startup): Promise<void> {
    write(startup.fetched);
    const digest = await startup.digest();
    write(digest ? renderText(digest, render) : NO_PAPERS);
    void inFlight.track(serve().finally(end));
  }

  async function serve(): Promise<void> {
    const rl = createInterface({ input: io.input, output, terminal, prompt: CONSOLE_PROMPT, historySize: terminal ? 200 : 0 });
    lines = rl;
    rl.on('SIGINT', () => rl.close());
    if (terminal) {
      write('Paperboy console: type a /papers command (or just "help"); "exit" leaves.');
      rl.prompt();
    }
    for await (const raw of rl) {
      const line = raw.trim();
      if (EXIT_WORDS.has(line.toLowerCase())) break;
      if (line !== '') {
        await inFlight.track(answer(line));
      }
      if (terminal) rl.prompt();
    }
    rl.close();
  }

  /** The one error boundary: a failure prints one sentence, and the details go to the log. */
  async function answer(line: string): Promise<void> {
    try {
      const parsed = parseCommandText(line);
      const reply =
        parsed instanceof UsageError
          ? formatUsageError(parsed)
          : renderText(await context.dispatcher.dispatch({ command: parsed, context: { ...who, isAdmin: true, now: context.clock.now() } }), render);
      write(`${reply}\n`);
    } catch (error) {
      write(CONSOLE_FAILURE);
      // The subcommand, not the line: what someone typed stays out of the log, as on every platform.
      const subcommand = line.trim().replace(/^\/papers\s*/, '').split(/\s+/)[0];
      context.logger.error({ err: error, subcommand }, 'console command failed');
    }
  }

  async function stop(): Promise<void> {
    lines?.close();
    await inFlight.drain(STOP_DRAIN_MS);
  }

  return { ...messenger, start: async () => undefined, greet, ended, stop };
}
