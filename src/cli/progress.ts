/**
 * A progress bar for multi-day ingests and database copies, on standard error and only on a
 * terminal: piped output and CI logs stay free of carriage-return noise.
 */
import cliProgress from 'cli-progress';

export type ProgressFn = (done: number, total: number, label: string) => void;

/** `verb` opens the line: what the bar counts being done. */
export function createProgress(stream: NodeJS.WriteStream | undefined, verb = 'fetching'): { update: ProgressFn; stop(): void } {
  if (!stream?.isTTY) return { update: () => {}, stop: () => {} };
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(done, total, label) {
      if (total <= 1) return;
      if (!bar) {
        bar = new cliProgress.SingleBar(
          { stream, format: `${verb} {bar} {value}/{total} {label}`, hideCursor: true, clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0, { label });
      }
      bar.update(done, { label });
    },
    stop() {
      bar?.stop();
    },
  };
}
