/**
 * What every chat platform adapter (Discord, Slack) is given and offers. The adapter routes
 * `/papers` commands through the shared dispatcher, renders `Reply` natively, and delivers
 * digests and DMs as a `Messenger`. The console is the exception: it is driven by src/start.ts.
 */
import type { CommandServices } from '../../commands/services.js';
import type { Dispatcher } from '../../commands/dispatch.js';
import type { Config } from '../config.js';
import type {
  Clock,
  DigestRepository,
  InteractionStateRepository,
  Messenger,
  MetaRepository,
  PersonRepository,
} from '../core/ports.js';
import type { Logger } from '../logger.js';

export interface PlatformContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Runs `/papers` commands, whatever platform they came from. */
  readonly dispatcher: Dispatcher;
  /** The use-cases, for what is not a command: autocomplete suggestions, the Share button. */
  readonly services: CommandServices;
  /** DM channel ids and unreachable marks. */
  readonly people: PersonRepository;
  /** To disable a target whose channel is gone, with the reason. */
  readonly digests: DigestRepository;
  /** Small values kept between runs (e.g. the hash of the registered commands). */
  readonly meta: MetaRepository;
  /** The state behind buttons, so they keep working after a restart. */
  readonly interactions: InteractionStateRepository;
}

export interface ChatAdapter extends Messenger {
  /**
   * Connects and resolves once commands are being served. Bad credentials reject with a UserError
   * whose message is one clear line (the token never appears in it).
   */
  start(): Promise<void>;
  /** Stops taking commands, lets in-flight replies finish (bounded), and disconnects. */
  stop(): Promise<void>;
}
