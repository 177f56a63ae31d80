/**
 * The shape of the `/papers` command tree. The tree is data: Discord registration, Slack and console
 * text parsing, and help are all derived from it, so a subcommand is declared exactly once.
 */
import type { Reply } from '../src/core/message.js';
import type { PersonRef, TargetRef } from '../src/core/ports.js';
import type { HelpUseCase } from '../src/core/use-cases/help.js';
import type { CommandServices } from './services.js';

export type OptionType = 'string' | 'integer' | 'choice' | 'channel';

/** One option of a subcommand, in the order Discord shows it and text platforms read it. */
export interface OptionSpec {
  /** 1–32 characters, lower case: Discord's rule, kept everywhere for one spelling. */
  readonly name: string;
  readonly type: OptionType;
  /** At most 100 characters. */
  readonly description: string;
  readonly required?: boolean;
  /** For `choice`: the accepted values (at most 25). */
  readonly choices?: readonly string[];
  readonly minLength?: number;
  readonly maxLength?: number;
  /** For `integer`. */
  readonly min?: number;
  readonly max?: number;
  /**
   * What to suggest while the person types a value (Discord's autocomplete): the platform asks the
   * dispatcher, which calls this with what has been typed so far.
   */
  readonly autocomplete?: (call: SuggestCall) => readonly string[] | Promise<readonly string[]>;
  /** On text platforms this string option takes the rest of the line verbatim. At most one per subcommand. */
  readonly rest?: boolean;
  /** Only offered on text platforms (Discord pages with buttons instead). */
  readonly textOnly?: boolean;
}

/** What an option's `autocomplete` receives; it answers with suggestions, best first (platforms show 25). */
export interface SuggestCall {
  readonly services: CommandServices;
  readonly context: CommandContext;
  /** What the person has typed so far. */
  readonly partial: string;
}

/** The values a command was invoked with, keyed by option name; integers are numbers, the rest strings. */
export type OptionValues = Readonly<Record<string, string | number>>;

/** A command ready to dispatch, whichever platform it came from. */
export interface ParsedCommand {
  /** The subcommand path joined by a space: `search`, `digest set`. */
  readonly name: string;
  readonly options: OptionValues;
}

/** Who invoked a command, where, and when. */
export interface CommandContext {
  readonly person: PersonRef;
  /** The channel the command was run in; absent in a DM. */
  readonly target?: TargetRef | undefined;
  /** Manage Server/Channels on Discord, workspace admin on Slack, ADMIN_USER_IDS, or the console operator. */
  readonly isAdmin: boolean;
  readonly now: Date;
}

/** What a handler receives; help comes from the dispatcher, which knows the tree. */
export interface CommandCall {
  readonly services: CommandServices & { readonly help: HelpUseCase };
  readonly options: OptionValues;
  readonly context: CommandContext;
}

/** A leaf of the tree: something a person can run. */
export interface SubcommandSpec {
  readonly kind: 'subcommand';
  readonly name: string;
  /** At most 100 characters. */
  readonly description: string;
  readonly options: readonly OptionSpec[];
  /** Changing shared settings: Discord hides it from members without Manage Server. */
  readonly admin?: boolean;
  /**
   * May take longer than a platform gives for an answer (it asks Hugging Face or builds a digest):
   * a platform with a short answer window acknowledges at once and answers when the work is done.
   */
  readonly slow?: boolean;
  /**
   * Its reply comes in pages, and this option takes the page number. A platform offers other pages
   * (buttons, or a command to type) by running the same subcommand with the same options and
   * another page; the dispatcher puts the options in the reply's `paging.args`.
   */
  readonly pagedBy?: string;
  /** Full invocations as a person would type them after `/papers `, shown by help. */
  readonly examples: readonly string[];
  readonly run: (call: CommandCall) => Promise<Reply>;
}

/** A named group of subcommands (`digest set|off|show|preview`); Discord allows one level. */
export interface GroupSpec {
  readonly kind: 'group';
  readonly name: string;
  readonly description: string;
  readonly subcommands: readonly SubcommandSpec[];
}

export type CommandSpec = SubcommandSpec | GroupSpec;

/** The top-level command (`/papers`) and its children. */
export interface CommandTree {
  readonly name: string;
  readonly description: string;
  readonly children: readonly CommandSpec[];
}
