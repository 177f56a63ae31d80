/**
 * The console as a place digests and alerts are delivered: a console target's digest is printed,
 * and an alert bundle is printed as a direct message. A terminal keeps no history to search, so it
 * has no `findPosted`: a send cut off by a crash is printed again on the next start.
 */
import { randomUUID } from 'node:crypto';
import type { Messenger } from '../../core/ports.js';
import { printAlerts } from './console-adapter.js';
import { renderText, type RenderOptions } from './render-text.js';

export function createConsoleMessenger(options: { readonly output: NodeJS.WritableStream; readonly render?: RenderOptions }): Messenger {
  const { output, render = {} } = options;
  return {
    platform: 'console',
    async post(_target, message, postOptions) {
      const details = postOptions?.details ? `\n\n${renderText(postOptions.details, render)}` : '';
      output.write(`\n${renderText(message, render)}${details}\n`);
      return { messageId: `console-${randomUUID()}` };
    },
    async sendDirect(_person, message) {
      printAlerts(output, message, render);
      return { messageId: `console-${randomUUID()}` };
    },
  };
}
