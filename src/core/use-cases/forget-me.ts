/**
 * `forget-me`: deletes everything Paperboy keeps about the person, after a confirmation (a button,
 * or `forget-me confirm` typed), and says what was deleted.
 */
import { textReply, type Reply } from '../message.js';
import type { PersonalData, PersonalDataRepository, PersonRef } from '../ports.js';

export interface ForgetMeUseCase {
  /** Without `confirmed`, only says what would go and how to confirm. */
  run(person: PersonRef, confirmed: boolean): Promise<Reply>;
}

const WORDS: Readonly<Record<string, (n: number) => string>> = {
  votes: (n) => plural(n, '👍/👎 vote'),
  model: () => 'what your votes taught Paperboy',
  topics: (n) => plural(n, 'topic'),
  watches: (n) => plural(n, 'watched paper'),
  alerts: (n) => plural(n, 'alert record'),
  messages: (n) => plural(n, 'record of a message sent to you', 'records of messages sent to you'),
  settings: () => 'your alert settings and direct-message channel',
  'digest-settings': (n) => `your name on the digest settings of ${plural(n, 'channel')} (the digests stay)`,
};

export function createForgetMe(deps: { readonly personalData: PersonalDataRepository }): ForgetMeUseCase {
  return {
    async run(person, confirmed) {
      if (!confirmed) {
        return {
          visibility: 'private',
          blocks: [
            {
              type: 'text',
              text: 'This deletes everything Paperboy keeps about you: your 👍/👎 votes and what they taught it, your topics, the papers you watch, your alert settings and history, and your direct-message channel. It cannot be undone.',
            },
            { type: 'action', label: 'Delete everything', danger: true, command: 'forget-me', args: ['confirm'] },
          ],
        };
      }
      const deleted = await deps.personalData.forget(person);
      if (deleted.length === 0) return textReply('Paperboy kept nothing about you; there was nothing to delete.');
      const parts = deleted.map(({ kind, count }) => describe(kind, count));
      return textReply(`Deleted: ${parts.join('; ')}. Paperboy keeps nothing more about you.`);
    },
  };
}

function describe(kind: PersonalData, count: number): string {
  return WORDS[kind]?.(count) ?? `${count} ${kind}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? `1 ${one}` : `${n} ${many}`;
}
