import { ButtonStyle } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/message.js';
import { parseCustomId, replyComponents } from '../../src/platforms/discord/components.js';
import { subjectPaper } from '../helpers/topic-papers.js';

const papers = (n: number, extra: { shareable?: boolean; votable?: boolean; similar?: boolean }): Reply => ({
  visibility: 'private',
  blocks: [{ type: 'papers', detail: 'brief', ...extra, items: Array.from({ length: n }, (_, i) => ({ paper: subjectPaper(`2606.0700${i}`, 'speech', i), rank: i + 1 })) }],
});
const labels = (rows: ReturnType<typeof replyComponents>) => rows.map((r) => r.components.map((b) => ('label' in b ? b.label : '')));

describe('Discord buttons', () => {
  it('puts 👍/👎 under every paper of a ten-paper list within five rows, before Share when rows run short', () => {
    const rows = replyComponents(papers(10, { shareable: true, votable: true }));
    expect(rows).toHaveLength(5);
    expect(labels(rows)).toEqual([
      ['Share 1', 'Share 2', 'Share 3', 'Share 4', 'Share 5'],
      ['👍 1', '👍 2', '👍 3', '👍 4', '👍 5'],
      ['👎 1', '👎 2', '👎 3', '👎 4', '👎 5'],
      ['👍 6', '👍 7', '👍 8', '👍 9', '👍 10'],
      ['👎 6', '👎 7', '👎 8', '👎 9', '👎 10'],
    ]);
  });

  it('keeps Previous/Next and Share on a page of search results, and labels one paper’s buttons plainly', () => {
    const rows = replyComponents(papers(5, { shareable: true, votable: true }), { stateId: 'abc', page: 1, pageCount: 3 });
    expect(labels(rows)).toEqual([
      ['Share 1', 'Share 2', 'Share 3', 'Share 4', 'Share 5'],
      ['👍 1', '👍 2', '👍 3', '👍 4', '👍 5'],
      ['👎 1', '👎 2', '👎 3', '👎 4', '👎 5'],
      ['Previous', 'Next'],
    ]);
    expect(labels(replyComponents(papers(1, { votable: true })))).toEqual([['👍'], ['👎']]);
  });

  it('puts More like this beside 👍/👎 while rows remain, before Share, and never past five rows', () => {
    // A paper view: Share, 👍/👎 and More like this.
    expect(labels(replyComponents(papers(1, { shareable: true, votable: true, similar: true })))).toEqual([['Share to channel'], ['👍'], ['👎'], ['More like this']]);
    // An alert DM of three papers.
    expect(labels(replyComponents(papers(3, { votable: true, similar: true })))).toEqual([
      ['👍 1', '👍 2', '👍 3'],
      ['👎 1', '👎 2', '👎 3'],
      ['More like 1', 'More like 2', 'More like 3'],
    ]);
    // Ten papers: 👍/👎 for each take four rows, More like this the fifth.
    const ten = labels(replyComponents(papers(10, { shareable: true, votable: true, similar: true })));
    expect(ten).toHaveLength(5);
    expect(ten.at(-1)).toEqual(['More like 1', 'More like 2', 'More like 3', 'More like 4', 'More like 5']);
    expect(ten.flat().filter((l) => l?.startsWith('Share'))).toEqual([]);
    const [more] = replyComponents(papers(1, { similar: true }))[0]!.components;
    expect(parseCustomId((more as { custom_id: string }).custom_id)).toEqual({ kind: 'run', command: { name: 'similar', options: { id: '2606.07000' } } });
  });

  it('carries the command a button runs, and refuses one it does not know', () => {
    const [up] = replyComponents(papers(1, { votable: true }))[0]!.components;
    expect(parseCustomId((up as { custom_id: string }).custom_id)).toEqual({ kind: 'run', command: { name: 'like', options: { id: '2606.07000' } } });
    const confirm = replyComponents({ visibility: 'private', blocks: [{ type: 'action', label: 'Delete everything', danger: true, command: 'forget-me', args: ['confirm'] }] });
    expect(confirm[0]!.components[0]).toMatchObject({ style: ButtonStyle.Danger, custom_id: 'pb:run:forget-me confirm' });
    expect(parseCustomId('pb:run:digest set 09:00')).toBeUndefined();
    expect(parseCustomId('pb:run:like')).toBeUndefined();
  });
});
