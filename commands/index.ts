/** The `/papers` command tree: every platform derives its commands from this one declaration. */
import { alerts } from './alerts.js';
import { digest } from './digest.js';
import { forgetMe } from './forget-me.js';
import { foryou } from './foryou.js';
import { help } from './help.js';
import { paper } from './paper.js';
import { search } from './search.js';
import { similar } from './similar.js';
import { subscribe } from './subscribe.js';
import { subscriptions } from './subscriptions.js';
import { today } from './today.js';
import type { CommandTree } from './types.js';
import { unsubscribe } from './unsubscribe.js';
import { unwatch, watch } from './watch.js';
import { dislike, like } from './vote.js';

export const papersCommand = {
  name: 'papers',
  description: 'Hugging Face Daily Papers: search, look up, follow topics, schedule digests.',
  children: [search, today, paper, subscribe, unsubscribe, subscriptions, alerts, digest, similar, watch, unwatch, foryou, like, dislike, forgetMe, help],
} satisfies CommandTree;

export type * from './types.js';
export { findSubcommand, subcommands, usageLine, type SubcommandEntry } from './tree.js';
