/**
 * The benchmark's output contract: one JSON object `{ machine, date, results }`, each result a
 * named number with its unit, and, where the issue asks for one, the baseline measured in the same
 * run and the ratio between them. A measure that needs parts not built yet is reported as absent,
 * with the reason, rather than left out or made up.
 */
import { cpus, arch, platform, release, totalmem } from 'node:os';

export interface Result {
  readonly name: string;
  /** Null only when `absent` says why the measure could not be taken in this run. */
  readonly value: number | null;
  readonly unit: string;
  readonly baseline?: number;
  /** How many times better than the baseline (baseline ÷ value for times, value ÷ baseline for agreement). */
  readonly ratio?: number;
  /** The target, e.g. `<= 2`. */
  readonly target?: string;
  /** Whether `value` meets `target`. */
  readonly met?: boolean;
  /** What was measured, and against what; or why nothing was. */
  readonly note?: string;
  readonly absent?: string;
}

export interface Report {
  readonly machine: string;
  readonly date: string;
  readonly results: readonly Result[];
}

type Target = { readonly atMost: number } | { readonly atLeast: number };

/** A measure where lower is better (a time, a size); the ratio is how many times faster than the baseline. */
export function lower(name: string, value: number, unit: string, extra: { baseline?: number; target?: Target; note?: string } = {}): Result {
  return finish({ name, value, unit, ...ratioOf(value, extra.baseline, 'lower') }, extra.target, extra.note);
}

/** A measure where higher is better (agreement, a ratio to a ceiling). */
export function higher(name: string, value: number, unit: string, extra: { baseline?: number; target?: Target; note?: string } = {}): Result {
  return finish({ name, value, unit, ...ratioOf(value, extra.baseline, 'higher') }, extra.target, extra.note);
}

export function absent(name: string, unit: string, reason: string, target?: Target): Result {
  return { name, value: null, unit, ...(target ? { target: describe(target) } : {}), absent: reason };
}

function ratioOf(value: number, baseline: number | undefined, better: 'lower' | 'higher'): { baseline?: number; ratio?: number } {
  if (baseline === undefined) return {};
  const ratio = better === 'lower' ? baseline / value : value / baseline;
  return { baseline: round(baseline, 4), ratio: Number.isFinite(ratio) ? round(ratio, 3) : 0 };
}

function finish(result: Result, target: Target | undefined, note: string | undefined): Result {
  const rounded = { ...result, value: round(result.value ?? 0, 4) };
  const withNote = note ? { ...rounded, note } : rounded;
  if (!target) return withNote;
  const met = 'atMost' in target ? rounded.value <= target.atMost : rounded.value >= target.atLeast;
  return { ...withNote, target: describe(target), met };
}

function describe(target: Target): string {
  return 'atMost' in target ? `<= ${target.atMost}` : `>= ${target.atLeast}`;
}

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export function describeMachine(sqliteVersion: string): string {
  const list = cpus();
  const model = list[0]?.model.trim() ?? 'unknown CPU';
  const memory = Math.round(totalmem() / 2 ** 30);
  return `${list.length} × ${model}, ${memory} GB, ${platform()} ${release()} ${arch()}, Node ${process.version}, SQLite ${sqliteVersion}`;
}

/** The readable form: one line per result, aligned, targets marked. */
export function formatTable(report: Report): string {
  const rows = report.results.map((r) => [
    r.name,
    r.value === null ? 'absent' : `${r.value} ${r.unit}`,
    r.baseline === undefined ? '' : `${r.baseline} ${r.unit}`,
    r.ratio === undefined ? '' : `${r.ratio}×`,
    r.target === undefined ? '' : `${r.target} ${r.met === undefined ? '' : r.met ? 'met' : 'MISSED'}`.trim(),
    r.absent ?? r.note ?? '',
  ]);
  const header = ['measure', 'value', 'baseline', 'ratio', 'target', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (i === 5 ? 0 : row[i]!.length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === 5 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [`${report.machine}`, `${report.date}`, '', line(header), ...rows.map(line)].join('\n');
}
