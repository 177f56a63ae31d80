import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/message.js';
import type { Paper } from '../../src/core/paper.js';
import { renderText } from '../../src/platforms/console/render-text.js';

const paper: Paper = {
  id: '2606.01234',
  title: 'Self-Correcting Agents via Execution Traces',
  summary: 'Agents fail quietly. We show that replaying execution traces lets them recover.\nMore detail follows here.',
  authors: ['Lucas Moreau', 'Fatima Zahra', 'Daniel Kim', 'Ana Souza'],
  organization: { name: 'acme', fullname: 'Acme Research' },
  upvotes: 133,
  numComments: 4,
  githubRepo: 'https://github.com/acme/traces',
  githubStars: 512,
  aiKeywords: ['agents', 'execution traces'],
  publishedAt: '2026-06-02T00:00:00.000Z',
  dailyDate: '2026-06-03',
};

describe('renderText', () => {
  it('numbers brief papers with upvotes, first authors, one summary line and the link', () => {
    const reply: Reply = {
      visibility: 'private',
      blocks: [
        { type: 'heading', text: '12 results for "agents"' },
        { type: 'papers', detail: 'brief', items: [{ paper, rank: 1, origin: 'local' }, { paper: { ...paper, upvotes: 1, authors: ['Solo'] }, rank: 2, origin: 'huggingface' }] },
      ],
      paging: { command: 'search', page: 1, pageCount: 3, total: 12, args: { query: 'agents' } },
    };
    expect(renderText(reply)).toBe(
      [
        '12 results for "agents"',
        '',
        '1.  Self-Correcting Agents via Execution Traces',
        '    133 upvotes · Lucas Moreau, Fatima Zahra, Daniel Kim et al.',
        '    Agents fail quietly.',
        '    https://huggingface.co/papers/2606.01234',
        '',
        '2.  Self-Correcting Agents via Execution Traces',
        "    1 upvote · Solo · related, from Hugging Face's search",
        '    Agents fail quietly.',
        '    https://huggingface.co/papers/2606.01234',
        '',
        'page 1 of 3 · /papers search agents page:2',
      ].join('\n'),
    );
  });

  it('shows a paper in full: every author, code, abstract', () => {
    const out = renderText({ visibility: 'private', blocks: [{ type: 'papers', detail: 'full', items: [{ paper, rank: 1 }] }] }, { width: 100 });
    expect(out).toContain('2606.01234 · 133 upvotes · 4 comments · published 2026-06-02 · Daily Papers 2026-06-03');
    expect(out).toContain('Authors: Lucas Moreau, Fatima Zahra, Daniel Kim, Ana Souza');
    expect(out).toContain('Organization: Acme Research');
    expect(out).toContain('Code: https://github.com/acme/traces (512 stars)');
    expect(out).toContain('Abstract\nAgents fail quietly. We show that replaying execution traces lets them recover.\nMore detail follows');
  });

  it('prefixes notices, wraps long text and stays free of ANSI codes unless asked', () => {
    const reply: Reply = {
      visibility: 'private',
      blocks: [
        { type: 'notice', tone: 'warning', text: 'Hugging Face could not be reached.' },
        { type: 'text', text: 'word '.repeat(40).trim() },
      ],
      paging: { command: 'search', page: 2, pageCount: 2, total: 7, args: { query: 'x' } },
    };
    const plain = renderText(reply, { width: 40 });
    expect(plain.startsWith('Warning: Hugging Face could not be\n  reached.')).toBe(true);
    expect(plain.split('\n').every((line) => line.length <= 40)).toBe(true);
    expect(plain.endsWith('page 2 of 2')).toBe(true);
    expect(plain).not.toContain('\x1b[');
    expect(renderText(reply, { color: true })).toContain('\x1b[33mWarning');
  });
});
