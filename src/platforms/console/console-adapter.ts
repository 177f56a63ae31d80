/**
 * The terminal as a platform: the same `/papers` words, read line by line and answered as text.
 * On a TTY it has a prompt, line editing and history; piped, it reads plain lines and prints only
 * answers, so scripts and tests can drive it.
 */
import { createInterface } from 'node:readline';
import type { Dispatch } from '../../../commands/dispatch.js';
import { formatUsageError, parseCommandText } from '../../../commands/parse-text.js';
import { UsageError } from '../../core/errors.js';
import type { Reply } from '../../core/message.js';
import type { PersonRef, TargetRef } from '../../core/ports.js';
import { renderText } from './render-text.js';

export const CONSOLE_PROMPT = 'papers> ';
export const CONSOLE_FAILURE = 'Something went wrong handling that command; details are in the log.';

/** The part of a pino logger the console needs. */
export interface ConsoleLogger {
  error(details: object, message: string): void;
}

export interface ConsoleOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** A TTY: prompt, colour, line editing and history. */
  readonly terminal: boolean;
  readonly dispatch: Dispatch;
  readonly person: PersonRef;
  readonly target: TargetRef;
  /** Runs after each answer, e.g. to print alerts that arrived for the console user. */
  readonly onIdle?: () => void | Promise<void>;
  readonly logger?: ConsoleLogger;
  readonly now?: () => Date;
  readonly width?: number;
}

const EXIT_WORDS = new Set(['exit', 'quit', '/exit', '/quit']);

/** Resolves at `exit`/`quit`, at the end of input, or on Ctrl-C. */
export async function runConsole(options: ConsoleOptions): Promise<void> {
  const { input, output, terminal } = options;
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? { error: (details: object) => console.error(details) };
  const render = { color: terminal, width: options.width ?? 80 };
  const rl = createInterface({ input, output, terminal, prompt: CONSOLE_PROMPT, historySize: terminal ? 200 : 0 });
  rl.on('SIGINT', () => rl.close());
  const write = (text: string) => output.write(`${text}\n`);

  if (terminal) {
    write('Paperboy console: type a /papers command (or just "help"); "exit" leaves.');
    rl.prompt();
  }
  for await (const raw of rl) {
    const line = raw.trim();
    if (EXIT_WORDS.has(line.toLowerCase())) break;
    if (line !== '') {
      try {
        const parsed = parseCommandText(line);
        if (parsed instanceof UsageError) write(`${formatUsageError(parsed)}\n`);
        else {
          const context = { person: options.person, target: options.target, isAdmin: true, now: now() };
          write(`${renderText(await options.dispatch({ command: parsed, context }), render)}\n`);
        }
      } catch (error) {
        write(CONSOLE_FAILURE);
        logger.error({ err: error, line }, 'console command failed');
      }
      await idle(options.onIdle, logger);
    }
    if (terminal) rl.prompt();
  }
  rl.close();
}

async function idle(onIdle: ConsoleOptions['onIdle'], logger: ConsoleLogger): Promise<void> {
  if (!onIdle) return;
  try {
    await onIdle();
  } catch (error) {
    logger.error({ err: error }, 'console idle task failed');
  }
}

/** Prints a direct message (alerts) for the console user, set apart from command answers. */
export function printAlerts(
  output: NodeJS.WritableStream,
  reply: Reply,
  options: { readonly color?: boolean; readonly width?: number } = {},
): void {
  output.write(`\n--- direct message ---\n${renderText(reply, options)}\n---\n`);
}
