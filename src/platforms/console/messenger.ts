/**
 * The console as a place digests and alerts are delivered: a console target's digest is printed,
 * and an alert bundle for the operator is printed as a direct message, set apart from command
 * answers by dashed lines that scripts read. A terminal keeps no history to search, so there is no
 * `findPosted`: a send cut off by a crash is printed again on the next start.
 */
import { randomUUID } from 'node:crypto';
import type { Reply } from '../../core/message.js';
import type { Messenger, PersonRef } from '../../core/ports.js';
import { notAtThisTerminal } from './errors.js';
import { renderText, type RenderOptions } from './render-text.js';

export interface ConsoleMessengerOptions {
  readonly output: NodeJS.WritableStream;
  /** The person at this terminal: the only one a direct message can reach. */
  readonly operator: PersonRef;
  readonly render?: RenderOptions;
}

export function createConsoleMessenger(options: ConsoleMessengerOptions): Messenger {
  const { output, operator, render = {} } = options;
  return {
    platform: 'console',
    async post(_target, message, postOptions) {
      const details = postOptions?.details ? `\n\n${renderText(postOptions.details, render)}` : '';
      output.write(`\n${renderText(message, render)}${details}\n`);
      return { messageId: `console-${randomUUID()}` };
    },
    async sendDirect(person, message) {
      if (person.userId !== operator.userId) throw notAtThisTerminal(person, operator);
      printDirect(output, message, render);
      return { messageId: `console-${randomUUID()}` };
    },
  };
}

/** A direct message (alerts), as scripts find it: opened by a dashed line naming it, closed by dashes. */
export function printDirect(output: NodeJS.WritableStream, reply: Reply, render: RenderOptions = {}): void {
  output.write(`\n--- direct message ---\n${renderText(reply, render)}\n---\n`);
}
