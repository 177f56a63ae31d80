/** Runs the built `bin/paperboy` as a child process, the way a user or a script would. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../..');
export const FIXTURES = join(REPO, 'test/fixtures/hf');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(
  args: readonly string[],
  options: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(REPO, 'bin/paperboy'), ...args], {
      cwd: options.env?.PAPERBOY_CWD ?? REPO,
      // Only what the test sets: the developer's own .env or tokens must not leak in.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'error', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A scratch directory with a database path inside; removed by `cleanup`. */
export function scratch(): { dir: string; db: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-test-'));
  return { dir, db: join(dir, 'paperboy.sqlite'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** BACKFILL_DAYS that reaches back from today (UTC) to `date`, so a new database fetches the fixtures. */
export function backfillTo(date: string): string {
  const days = Math.ceil((Date.now() - Date.parse(`${date}T00:00:00Z`)) / 86_400_000) + 1;
  return String(days);
}
