/**
 * What every chat platform adapter (Discord, Slack, the console, any other) is given and offers.
 * An adapter routes `/papers` commands through the shared dispatcher, renders `Reply` natively,
 * and delivers digests and DMs as a `Messenger`; `paperboy start` starts them all the same way
 * (src/start.ts). Adding a platform: docs/decisions/0009-open-platforms.md.
 */
import { createHash } from 'node:crypto';
import type { CommandServices } from '../../commands/services.js';
import type { Dispatcher } from '../../commands/dispatch.js';
import type { Config } from '../config.js';
import type { Reply } from '../core/message.js';
import type {
  Clock,
  DigestRepository,
  InstallationRepository,
  InteractionStateRepository,
  Messenger,
  MetaRepository,
  PersonRepository,
  Platform,
} from '../core/ports.js';
import type { RouteTable } from '../http/route-table.js';
import type { Logger } from '../logger.js';

export interface PlatformContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Runs `/papers` commands and answers autocomplete, whatever platform they came from. */
  readonly dispatcher: Dispatcher;
  /** The use-cases, for what is not a command: the Share button. */
  readonly services: CommandServices;
  /** DM channel ids and unreachable marks. */
  readonly people: PersonRepository;
  /** To disable a target whose channel is gone, with the reason. */
  readonly digests: DigestRepository;
  /** Small values kept between runs (e.g. the hash of the registered commands). */
  readonly meta: MetaRepository;
  /** The state behind paging buttons, so they keep working after a restart. */
  readonly interactions: InteractionStateRepository;
  /** Workspaces that installed the app (Slack OAuth), with their tokens. */
  readonly installations: InstallationRepository;
  /**
   * The process's HTTP routes (absent in harnesses that serve none): a platform may add routes
   * while it is created, and one that already listens over HTTP may serve them (src/http/host.ts).
   */
  readonly routes?: RouteTable | undefined;
}

/** Whether a platform is connected, for `/readyz`; `detail` is short and names no person or token. */
export interface PlatformHealth {
  readonly ok: boolean;
  readonly detail: string;
}

/** What `paperboy start` found before serving, for a platform that shows it (the console does). */
export interface Startup {
  /** One sentence: what the first poll fetched, or why it could not and what is served instead. */
  readonly fetched: string;
  /** The digest of the latest day with papers, if any. */
  digest(): Promise<Reply | undefined>;
}

export interface ChatAdapter extends Messenger {
  /**
   * Connects and resolves once commands are being served. Bad credentials reject with a UserError
   * whose message is one clear line (the token never appears in it).
   */
  start(): Promise<void>;
  /**
   * Optional: called once every adapter has started and the first poll is done, before the
   * catch-up pass. The console prints it above its prompt, and serves from then on.
   */
  greet?(startup: Startup): Promise<void>;
  /** Optional: settles when the platform ends by itself (the console at `exit` or the end of its input). */
  readonly ended?: Promise<void>;
  /** Stops taking commands, lets in-flight replies finish (bounded), and disconnects. */
  stop(): Promise<void>;
  /** Optional: whether it is connected now (the console has nothing to say). */
  health?(): PlatformHealth;
}

/**
 * A bot's `Messenger.identity`: its platform and a digest of its token, so that every process
 * sending with the token (replicas, a sharded bot's shards) takes turns with the others, and the
 * token itself appears nowhere.
 */
export function botIdentity(platform: Platform, token: string): string {
  return `${platform}:${createHash('sha256').update(token).digest('hex').slice(0, 16)}`;
}
