/** Runs one `paperboy` command against the composed application; returns the exit code. */
import { loadConfig } from '../config.js';
import { UsageError } from '../core/errors.js';
import { buildDigest } from '../core/digest/build-digest.js';
import { digestReply } from '../core/digest/digest-reply.js';
import type { IngestPlan } from '../core/use-cases/ingest.js';
import { createLogger } from '../logger.js';
import { papersCommand } from '../../commands/index.js';
import { createApp, platformContext, type App } from '../main.js';
import { renderText } from '../platforms/console/render-text.js';
import { describeIngest, start } from '../start.js';
import { createStore, migrateToLatest, openDatabase } from '../store/index.js';
import { backup } from './backup.js';
import { copyDb } from './copy-db.js';
import { paperJson } from './json.js';
import { MAX_SIMILAR, SIMILAR_SHOWN } from '../core/use-cases/similar.js';
import { createProgress } from './progress.js';
import { collectStatus, renderStatus } from './status.js';

export type CliCommand =
  | 'start'
  | 'migrate'
  | 'ingest'
  | 'digest'
  | 'search'
  | 'similar'
  | 'status'
  | 'register-commands'
  | 'slack-manifest'
  | 'copy-db'
  | 'backup';
type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

const out = (text: string) => process.stdout.write(`${text}\n`);

export async function runCommand(command: CliCommand, values: Values, positionals: string[]): Promise<number> {
  // The manifest is a document about the app, not a use of it: no environment or database needed.
  if (command === 'slack-manifest') return printSlackManifest(values);
  const config = loadConfig(process.env);
  if (command === 'migrate') return migrate(config.DATABASE_URL, config.DATABASE_POOL_MAX);
  if (command === 'copy-db') {
    out(await copyDb({ from: config.DATABASE_URL, to: text(values.to), merge: values.merge === true, poolMax: config.DATABASE_POOL_MAX }));
    return 0;
  }
  // A copy of the file as it is: no migration, no search index, nothing written to the database.
  if (command === 'backup') {
    if (positionals.length > 1) throw new UsageError('backup takes one file name; quote a name with spaces.');
    out(await backup(config.DATABASE_URL, positionals[0]));
    return 0;
  }
  // Check the command line before touching the database, so bad usage changes nothing.
  const run = prepare(command, values, positionals);
  const app = await createApp(config, createLogger(config.LOG_LEVEL), undefined, { serving: command === 'start' });
  try {
    await run(app);
    return 0;
  } finally {
    await app.close();
  }
}

function prepare(command: Exclude<CliCommand, 'migrate' | 'slack-manifest' | 'copy-db' | 'backup'>, values: Values, positionals: string[]): (app: App) => Promise<void> {
  switch (command) {
    case 'start':
      return (app) => start(app, { input: process.stdin, output: process.stdout, terminal: Boolean(process.stdin.isTTY && process.stdout.isTTY) });
    case 'ingest': {
      const plan = ingestPlan(values);
      return async (app) => {
        const progress = createProgress(process.stderr);
        try {
          out(describeIngest(await app.ingest.run(plan, progress.update)));
        } finally {
          progress.stop();
        }
      };
    }
    case 'digest': {
      const date = text(values.date);
      const top = count(values.top, '--top', 10, 100);
      const json = values.json === true;
      return async (app) => {
        const result = await buildDigest(app.store, { settings: { top, minUpvotes: 0 }, date });
        if (json) {
          out(JSON.stringify({ date: result.dates.at(-1) ?? date ?? null, papers: result.papers.map(paperJson) }));
          return;
        }
        const reply = digestReply(result);
        out(reply ? renderText(reply, { width: 100 }) : date ? `No papers are stored for ${date}; run \`paperboy ingest --date ${date}\` first.` : 'No papers are stored yet; run `paperboy ingest` first.');
      };
    }
    case 'register-commands': {
      const guildId = text(values.guild);
      if (guildId !== undefined && !/^\d{17,20}$/.test(guildId)) {
        throw new UsageError(`--guild takes a Discord server id (17 to 20 digits), not "${guildId}".`);
      }
      return async (app) => {
        if (!app.config.DISCORD_TOKEN) throw new UsageError('register-commands needs DISCORD_TOKEN; see .env.example.');
        const { registerCommands } = await import('../platforms/discord/index.js');
        const result = await registerCommands(platformContext(app), papersCommand, { guildId });
        out(`Registered /papers (${result.commands} command) ${guildId ? `in server ${guildId}` : 'globally'}.`);
        if (app.config.DISCORD_PUBLIC_KEY) {
          out('Commands go to the Interactions Endpoint URL when one is set: https://<your host>/discord/interactions on HTTP_PORT (Developer Portal → General Information).');
        }
      };
    }
    case 'status': {
      const json = values.json === true;
      return async (app) => {
        const report = await collectStatus(app.store, app.clock.now());
        out(json ? JSON.stringify(report) : renderStatus(report));
      };
    }
    case 'similar':
      return similarCommand(values, positionals);
    case 'search': {
      const query = positionals.join(' ').trim();
      if (query === '') throw new UsageError('search needs a query, for example: paperboy search "state space models"');
      const limit = count(values.limit, '--limit', 10, 100);
      const local = values.local === true;
      const json = values.json === true;
      return async (app) => {
        const found = await app.services.search.results({ query, limit, local }, app.clock.now());
        if (found.offline) process.stderr.write('Hugging Face could not be reached, so these are local results only.\n');
        if (json) {
          const results = found.results.map((r) => ({ ...paperJson(r.paper), score: r.score, origin: r.origin }));
          out(JSON.stringify({ query: found.query, results }));
          return;
        }
        if (found.results.length === 0) {
          out(`Nothing matches "${query}".`);
          return;
        }
        const items = found.results.map((r, i) => ({ paper: r.paper, rank: i + 1, origin: r.origin, score: r.score }));
        const heading = `${found.estimated ? 'About ' : ''}${found.total} result${found.total === 1 ? '' : 's'} for "${query}"`;
        const blocks = [{ type: 'heading', text: heading } as const, { type: 'papers', items, detail: 'brief' } as const];
        out(renderText({ visibility: 'private', blocks }, { width: 100 }));
      };
    }
  }
}

function similarCommand(values: Values, positionals: string[]): (app: App) => Promise<void> {
  const ref = positionals.join(' ').trim();
  if (ref === '') throw new UsageError('similar needs a paper id or link, for example: paperboy similar 2606.01234');
  const limit = count(values.limit, '--limit', SIMILAR_SHOWN, MAX_SIMILAR);
  const json = values.json === true;
  return async (app) => {
    const { paper, results } = await app.services.similar.results(ref, limit, app.clock.now());
    if (json) {
      out(JSON.stringify({ paper: paper.id, results: results.map((r) => ({ ...paperJson(r.paper), score: r.score })) }));
      return;
    }
    if (results.length === 0) {
      out(`No stored paper shares enough words with ${paper.id} (${paper.title}) yet.`);
      return;
    }
    const items = results.map((r, i) => ({ paper: r.paper, rank: i + 1, score: r.score }));
    const blocks = [{ type: 'heading', text: `More like ${paper.id}: ${paper.title}` } as const, { type: 'papers', items, detail: 'brief' } as const];
    out(renderText({ visibility: 'private', blocks }, { width: 100 }));
  };
}

async function printSlackManifest(values: Values): Promise<number> {
  const url = text(values.url);
  const socketMode = values['socket-mode'] === true;
  if (socketMode === (url !== undefined)) {
    throw new UsageError('Use --socket-mode, or --url https://your.host/slack/events for HTTP; one of the two.');
  }
  const oauth = values.oauth === true;
  const { oauthUrls, slackManifest, SLACK_BOT_SCOPES } = await import('../platforms/slack/index.js');
  out(JSON.stringify(slackManifest({ socketMode, requestUrl: url, command: text(values.command), oauth }), null, 2));
  if (oauth && url !== undefined) {
    // Beside the manifest, on standard error: what the app's "OAuth & Permissions" page and the operator need.
    const { install, redirect } = oauthUrls(url);
    process.stderr.write(
      `OAuth redirect URL: ${redirect}\nInstall link for each workspace: ${install}\nBot scopes: ${Object.keys(SLACK_BOT_SCOPES).join(', ')}\n`,
    );
  }
  return 0;
}

async function migrate(url: string, poolMax: number): Promise<number> {
  const db = openDatabase(url, { poolMax });
  const store = createStore(db);
  try {
    const applied = await migrateToLatest(db);
    out(applied.length === 0 ? 'The database is up to date.' : `Applied ${applied.length} migration(s): ${applied.join(', ')}.`);
    return 0;
  } finally {
    await store.close();
  }
}

function ingestPlan(values: Values): IngestPlan {
  const date = text(values.date);
  const from = text(values.from);
  const to = text(values.to);
  const days = values.days === undefined ? undefined : count(values.days, '--days', 1, 3650);
  const chosen = [date !== undefined, from !== undefined || to !== undefined, days !== undefined].filter(Boolean).length;
  if (chosen > 1) throw new UsageError('Use one of --date D, --from D --to D or --days N, not several.');
  if (date !== undefined) return { date };
  if (from !== undefined || to !== undefined) {
    if (from === undefined || to === undefined) throw new UsageError('--from and --to go together, for example: paperboy ingest --from 2026-06-01 --to 2026-06-05');
    return { from, to };
  }
  return { days: days ?? 1 };
}

function text(value: Values[string]): string | undefined {
  return typeof value === 'string' ? value.trim() : undefined;
}

function count(value: Values[string], flag: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`${flag} takes a whole number from 1 to ${max} (got "${String(value)}").`);
  return n;
}
