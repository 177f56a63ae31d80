/**
 * The `paperboy` command line. Parses arguments (node:util parseArgs), runs one command against the
 * composed application, and maps failures to exit codes: 0 success, 1 runtime failure, 2 bad usage.
 * Errors reach standard error as one sentence; details go to the log.
 */
import { existsSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UpstreamError, UsageError, UserError } from './core/errors.js';
import { USAGE } from './cli/usage.js';
import type { CliCommand } from './cli/commands.js';

const COMMANDS: Record<CliCommand, ParseArgsConfig['options']> = {
  start: {},
  migrate: {},
  ingest: { date: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, days: { type: 'string' } },
  digest: { date: { type: 'string' }, top: { type: 'string' }, json: { type: 'boolean' } },
  search: { limit: { type: 'string' }, local: { type: 'boolean' }, json: { type: 'boolean' } },
  similar: { limit: { type: 'string' }, json: { type: 'boolean' } },
  status: { json: { type: 'boolean' } },
  'register-commands': { guild: { type: 'string' } },
  'copy-db': { to: { type: 'string' }, merge: { type: 'boolean' } },
  backup: {},
  'slack-manifest': { 'socket-mode': { type: 'boolean' }, url: { type: 'string' }, command: { type: 'string' }, oauth: { type: 'boolean' } },
};

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  try {
    if (!(name in COMMANDS)) throw new UsageError(`Unknown command "${name}"; run \`paperboy help\` for the list.`);
    const command = name as CliCommand;
    const { values, positionals } = parseCommandLine(command, rest);
    // A .env in the working directory fills in what the environment does not set.
    if (existsSync('.env')) process.loadEnvFile('.env');
    // Loaded here so that `help` and bad usage answer without loading the application.
    const { runCommand } = await import('./cli/commands.js');
    return await runCommand(command, values, positionals);
  } catch (error) {
    return reportFailure(error);
  }
}

function parseCommandLine(command: CliCommand, args: string[]) {
  try {
    return parseArgs({ args, options: COMMANDS[command] ?? {}, allowPositionals: command === 'search' || command === 'similar' || command === 'backup', strict: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0]?.replace(/\.$/, '') : String(error);
    throw new UsageError(`${reason}; run \`paperboy help\` for the options of ${command}.`);
  }
}

function reportFailure(error: unknown): number {
  // A UsageError is a UserError: both are the person's to fix.
  if (error instanceof UserError) {
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  if (error instanceof UpstreamError) {
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`Paperboy failed: ${message}\n`);
  if (process.env.LOG_LEVEL === 'debug' && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return 1;
}
