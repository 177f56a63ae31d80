/** Papers about a named subject, for the tests of what votes teach: each subject has words of its own. */
import type { Paper } from '../../src/core/paper.js';

export const SUBJECTS = {
  diffusion: ['diffusion', 'denoising', 'distillation', 'sampler', 'image'],
  agents: ['agents', 'tool', 'planning', 'web', 'benchmark'],
  proteins: ['protein', 'folding', 'molecule', 'structure', 'biology'],
  speech: ['speech', 'audio', 'recognition', 'acoustic', 'speaker'],
} as const;

export type Subject = keyof typeof SUBJECTS;

/** A paper on `subject`; `n` varies the wording, `extra` overrides any field. */
export function subjectPaper(id: string, subject: Subject, n: number, extra: Partial<Paper> = {}): Paper {
  const words = SUBJECTS[subject];
  const pick = (i: number) => words[(n + i) % words.length]!;
  return {
    id,
    title: `${pick(0)} ${pick(1)} for ${pick(2)} study ${n}`,
    summary: `We study ${pick(0)} and ${pick(3)} with a new ${pick(1)} method. Results on ${pick(4)} improve.`,
    authors: [`Author ${subject} ${n % 3}`, `Someone ${id}`],
    upvotes: 10 + ((n * 7) % 40),
    numComments: 0,
    aiKeywords: [pick(2)],
    publishedAt: '2026-06-01T00:00:00.000Z',
    dailyDate: '2026-06-03',
    ...extra,
  };
}
