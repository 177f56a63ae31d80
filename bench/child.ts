/**
 * Runs one measurement in a child process of its own, so its resident set and heap are its own and
 * no run inherits another's garbage. The child module calls `serveChild` with its work function.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { repoRoot } from './archive.js';

/**
 * The environment and Node flags `bin/paperboy` runs with (its first line: `#!/usr/bin/env -S …`),
 * so that a child measures Paperboy as it runs.
 */
export function paperboyLaunch(): { readonly env: Record<string, string>; readonly flags: string[] } {
  const first = readFileSync(join(repoRoot(), 'bin/paperboy'), 'utf8').split('\n', 1)[0] ?? '';
  const launch = /^#!\S*env -S (?<env>(?:\w+=\S+ )*)node(?<flags>(?: --[\w-]+(?:=\S+)?)*)$/.exec(first)?.groups;
  if (!launch) throw new Error(`bench: bin/paperboy's first line is not "#!/usr/bin/env -S [NAME=value …] node [flags]": ${first}`);
  const env = Object.fromEntries(launch.env!.split(' ').filter((pair) => pair !== '').map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
  return { env, flags: launch.flags!.split(' ').filter((flag) => flag !== '') };
}

/**
 * `as: 'paperboy'` (the default) runs the child with Paperboy's flags; `'reference'` with Node's
 * defaults, for a baseline that holds far more than Paperboy does (the reference scorer's terms).
 */
export function runInChild<J, R>(moduleUrl: string, job: J, options: { readonly as?: 'paperboy' | 'reference' } = {}): Promise<R> {
  const launch = options.as === 'reference' ? { env: {}, flags: [] } : paperboyLaunch();
  const child = fork(fileURLToPath(moduleUrl), ['--worker', JSON.stringify(job)], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, ...launch.env },
    execArgv: ['--expose-gc', '--max-old-space-size=6144', ...launch.flags],
  });
  return new Promise((done, fail) => {
    let result: R | undefined;
    child.on('message', (message) => {
      result = message as R;
    });
    child.on('error', fail);
    child.on('exit', (code) => {
      if (code === 0 && result !== undefined) done(result);
      else fail(new Error(`bench: the child for ${fileURLToPath(moduleUrl)} exited with code ${code ?? 'null'} without a result`));
    });
  });
}

/** In the module named by `moduleUrl`: when started by `runInChild`, runs `work` on the job and sends back its result. */
export function serveChild<J, R>(moduleUrl: string, work: (job: J) => Promise<R>): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(resolve(process.argv[1])).href || process.argv[2] !== '--worker') return;
  const job = JSON.parse(process.argv[3] ?? '{}') as J;
  work(job).then(
    (result) => process.send?.(result, () => process.disconnect()),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
      process.disconnect();
    },
  );
}

export const collectGarbage = (): void => (globalThis as { gc?: () => void }).gc?.();
export const log = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);
