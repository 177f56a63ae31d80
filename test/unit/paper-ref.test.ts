import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { parsePaperRef } from '../../src/core/paper-ref.js';

describe('parsePaperRef', () => {
  it.each([
    '2608.19880',
    '2608.19880v2',
    'arXiv:2608.19880',
    'arxiv:2608.19880v3',
    'https://huggingface.co/papers/2608.19880',
    'http://www.huggingface.co/papers/2608.19880?utm=x',
    'hf.co/papers/2608.19880',
    'huggingface.co/papers/2608.19880#community',
    'https://arxiv.org/abs/2608.19880v1',
    'arxiv.org/pdf/2608.19880v1.pdf',
    'https://arxiv.org/pdf/2608.19880',
    'https://arxiv.org/html/2608.19880v2/',
    '  2608.19880  ',
    '<https://huggingface.co/papers/2608.19880>',
    '<https://arxiv.org/abs/2608.19880v1|arxiv.org/abs/2608.19880v1>',
  ])('%s → 2608.19880', (input) => {
    expect(parsePaperRef(input)).toBe('2608.19880');
  });

  it('accepts four-digit ids from before 2015', () => {
    expect(parsePaperRef('1706.0376')).toBe('1706.0376');
  });

  it.each([
    'foo',
    '2608.198',
    '2608.19880v',
    'https://example.com/papers/2608.19880',
    'https://huggingface.co/2608.19880',
    '2608.19880 extra',
    'hep-th/9901001',
  ])('rejects %s with a hint', (input) => {
    expect(() => parsePaperRef(input)).toThrow(UserError);
    expect(() => parsePaperRef(input)).toThrow(
      /is not an arXiv id or paper link; try `\/papers paper 2606\.01234` or a huggingface\.co\/papers link\.$/,
    );
  });

  it('quotes what was given', () => {
    expect(() => parsePaperRef('foo')).toThrow(
      '`foo` is not an arXiv id or paper link; try `/papers paper 2606.01234` or a huggingface.co/papers link.',
    );
  });

  it('shortens a long paste in the message', () => {
    try {
      parsePaperRef('x'.repeat(10_000));
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message.length).toBeLessThan(200);
    }
  });

  it('asks for an id when given nothing', () => {
    expect(() => parsePaperRef('  ')).toThrow(/Name a paper by its arXiv id or link/);
  });
});
