/**
 * Start to first console prompt with a large database: `paperboy start` on a copy of the cached
 * 100k-paper corpus (its latest day set to yesterday, so the start-up refresh polls only the
 * overlap days, as for a bot that was running yesterday), against a local fake Hugging Face. The
 * console shows its prompt only on a terminal, so it runs under `script`, which gives it one.
 */
import { spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays, utcDate } from '../src/core/calendar-date.js';
import { createStore, openDatabase } from '../src/store/index.js';
import { startFakeHuggingFace } from '../test/fakes/hf-server.js';
import { repoRoot } from './archive.js';

const PROMPT = 'papers> ';
const GIVE_UP_MS = 60_000;

export async function measureStartToPrompt(corpusFile: string, tmp: string): Promise<number> {
  const file = join(tmp, 'start.sqlite');
  copyFileSync(corpusFile, file);
  const yesterday = addDays(utcDate(new Date()), -1);
  const store = createStore(openDatabase(file));
  await store.papers.upsert(
    [{ id: '9999.00001', title: 'Yesterday', summary: 'A paper from yesterday.', authors: ['Ada Example'], upvotes: 1, numComments: 0, aiKeywords: [], publishedAt: `${yesterday}T00:00:00.000Z`, dailyDate: yesterday }],
    'daily',
    new Date(),
  );
  await store.close();
  const fake = await startFakeHuggingFace({ days: {} });
  try {
    return await timeToPrompt({ DATABASE_URL: file, HF_API_URL: fake.url, LOG_LEVEL: 'warn', BACKFILL_DAYS: '30' });
  } finally {
    await fake.close();
  }
}

function timeToPrompt(env: Record<string, string>): Promise<number> {
  const start = performance.now();
  const child = spawn('script', ['-qfec', 'bin/paperboy start', '/dev/null'], {
    cwd: repoRoot(),
    env: { ...withoutChatTokens(process.env), ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((done, fail) => {
    let output = '';
    let elapsed: number | undefined;
    const timer = setTimeout(() => child.kill('SIGTERM'), GIVE_UP_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (elapsed === undefined && output.includes(PROMPT)) {
        elapsed = performance.now() - start;
        child.stdin.write('exit\r');
      }
    });
    child.on('error', fail);
    child.on('exit', () => {
      clearTimeout(timer);
      if (elapsed === undefined) fail(new Error(`bench: paperboy start showed no prompt; it printed: ${output.slice(-500)}`));
      else done(elapsed);
    });
  });
}

/** Chat credentials in the caller's environment would start platforms instead of the console. */
function withoutChatTokens(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of ['DISCORD_TOKEN', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN']) delete copy[name];
  return copy;
}
