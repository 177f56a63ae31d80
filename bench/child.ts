/**
 * Runs one measurement in a child process of its own, so its resident set and heap are its own and
 * no run inherits another's garbage. The child module calls `serveChild` with its work function.
 */
import { fork } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export function runInChild<J, R>(moduleUrl: string, job: J): Promise<R> {
  const child = fork(fileURLToPath(moduleUrl), ['--worker', JSON.stringify(job)], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    execArgv: ['--expose-gc', '--max-old-space-size=6144'],
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
