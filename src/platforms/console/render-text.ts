/**
 * Renders a neutral Reply as terminal text: headings, numbered papers, notices, a paging hint.
 * Colour is opt-in (a TTY), so piped output and logs stay plain. Outside text loses the control
 * characters a terminal would obey: a title must not be able to clear the screen or recolour it.
 */
import { styleText } from 'node:util';
import { pageCommand } from '../../../commands/paging.js';
import { formatCommandText } from '../../../commands/parse-text.js';
import { actionText, type Block, type PaperItem, type Paging, type Reply } from '../../core/message.js';
import { paperUrl, type Paper } from '../../core/paper.js';
import { authorList, firstSentence } from '../../core/paper-text.js';

export interface RenderOptions {
  /** ANSI colour and bold; only for a terminal. */
  readonly color?: boolean;
  /** Wrap width in columns. */
  readonly width?: number;
}

const SHOWN_AUTHORS = 3;
const NOTICE_PREFIX = { info: 'Note', warning: 'Warning', error: 'Error' } as const;

type StyleFormat = Parameters<typeof styleText>[0];

interface Style {
  bold(text: string): string;
  dim(text: string): string;
  tone(tone: 'info' | 'warning' | 'error', text: string): string;
}

function styleFor(color: boolean): Style {
  // The caller has decided on colour already (a terminal); styleText must not second-guess it from stdout.
  const wrap = (format: StyleFormat) => (text: string) => (color ? styleText(format, text, { validateStream: false }) : text);
  const tones = { info: wrap('cyan'), warning: wrap('yellow'), error: wrap('red') };
  return { bold: wrap('bold'), dim: wrap('dim'), tone: (tone, text) => tones[tone](text) };
}

export function renderText(reply: Reply, options: RenderOptions = {}): string {
  const width = options.width ?? 80;
  const style = styleFor(options.color ?? false);
  const parts = reply.blocks.map((block) => renderBlock(withoutControls(block), style, width));
  if (reply.paging && reply.paging.pageCount > 1) parts.push(plain(pagingHint(reply.paging)));
  return parts.join('\n\n');
}

/** Control characters but line breaks and tabs: escape sequences start with one. */
const CONTROL = /(?![\n\t])\p{Cc}/gu;
const plain = (text: string) => text.replace(CONTROL, '');

function withoutControls(block: Block): Block {
  if (block.type === 'action') return block;
  if (block.type !== 'papers') return { ...block, text: plain(block.text) };
  return { ...block, items: block.items.map((item) => ({ ...item, paper: plainPaper(item.paper), topics: item.topics?.map(plain), ...(item.reason === undefined ? {} : { reason: plain(item.reason) }) })) };
}

function plainPaper(paper: Paper): Paper {
  const org = paper.organization;
  return {
    ...paper,
    title: plain(paper.title),
    summary: plain(paper.summary),
    authors: paper.authors.map(plain),
    aiKeywords: paper.aiKeywords.map(plain),
    aiSummary: paper.aiSummary === undefined ? undefined : plain(paper.aiSummary),
    organization: org && { name: plain(org.name), fullname: org.fullname === undefined ? undefined : plain(org.fullname) },
    githubRepo: paper.githubRepo === undefined ? undefined : plain(paper.githubRepo),
    projectPage: paper.projectPage === undefined ? undefined : plain(paper.projectPage),
  };
}

function renderBlock(block: Block, style: Style, width: number): string {
  switch (block.type) {
    case 'heading':
      return style.bold(block.text);
    case 'text':
      return wrap(block.text, width, '');
    case 'notice':
      return style.tone(block.tone, wrap(`${NOTICE_PREFIX[block.tone]}: ${block.text}`, width, '', '  '));
    case 'action':
      return wrap(actionText(block), width, '');
    case 'papers':
      return block.items
        .map((item) => {
          const text = block.detail === 'full' ? renderFull(item.paper, style, width) : renderBrief(item, style, width);
          // The console has no buttons: it shows the command a "More like this" button would run.
          if (!block.similar) return text;
          const indent = block.detail === 'full' ? '' : ' '.repeat(4);
          return `${text}\n${indent}More like this: ${formatCommandText({ name: 'similar', options: { id: item.paper.id } })}`;
        })
        .join('\n\n');
  }
}

function renderBrief(item: PaperItem, style: Style, width: number): string {
  const { paper } = item;
  const number = `${item.rank}.`.padEnd(4);
  const indent = ' '.repeat(number.length);
  const facts = [upvotes(paper.upvotes), authorList(paper.authors, SHOWN_AUTHORS)];
  if (item.origin === 'huggingface') facts.push("related, from Hugging Face's search");
  const lines = [
    `${number}${style.bold(paper.title)}`,
    wrap(facts.filter((f) => f !== '').join(' · '), width, indent, indent),
  ];
  if (item.topics && item.topics.length > 0) lines.push(`${indent}matches: ${item.topics.join(', ')}`);
  if (item.reason) lines.push(`${indent}why: ${item.reason}`);
  const summary = oneLine(paper.aiSummary ?? firstSentence(paper.summary), width - indent.length);
  if (summary !== '') lines.push(`${indent}${summary}`);
  lines.push(`${indent}${style.dim(paperUrl(paper.id))}`);
  return lines.join('\n');
}

function renderFull(paper: Paper, style: Style, width: number): string {
  const facts = [paper.id, upvotes(paper.upvotes), `${paper.numComments} comment${paper.numComments === 1 ? '' : 's'}`];
  if (paper.publishedAt) facts.push(`published ${paper.publishedAt.slice(0, 10)}`);
  if (paper.dailyDate) facts.push(`Daily Papers ${paper.dailyDate}`);
  const lines = [style.bold(paper.title), wrap(facts.join(' · '), width, '')];
  if (paper.authors.length > 0) lines.push(wrap(`Authors: ${paper.authors.join(', ')}`, width, '', '  '));
  if (paper.organization) lines.push(`Organization: ${paper.organization.fullname ?? paper.organization.name}`);
  if (paper.githubRepo) {
    const stars = paper.githubStars === undefined ? '' : ` (${paper.githubStars} stars)`;
    lines.push(`Code: ${paper.githubRepo}${stars}`);
  }
  if (paper.projectPage) lines.push(`Project: ${paper.projectPage}`);
  lines.push(`Link: ${paperUrl(paper.id)}`);
  if (paper.aiKeywords.length > 0) lines.push(wrap(`Keywords: ${paper.aiKeywords.join(', ')}`, width, '', '  '));
  if (paper.aiSummary) lines.push('', wrap(`In short: ${paper.aiSummary}`, width, ''));
  if (paper.summary) lines.push('', style.bold('Abstract'), wrap(paper.summary, width, ''));
  return lines.join('\n');
}

/** Where the list is, and the line that shows the next page. */
function pagingHint(paging: Paging): string {
  const where = `page ${paging.page} of ${paging.pageCount}`;
  const next = paging.page < paging.pageCount ? pageCommand(paging, paging.page + 1) : undefined;
  return next ? `${where} · ${formatCommandText(next)}` : where;
}

function upvotes(n: number): string {
  return `${n} upvote${n === 1 ? '' : 's'}`;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, Math.max(1, max - 1));
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

/** Wraps each paragraph at `width`; `first` indents the first line, `rest` the following ones. */
function wrap(text: string, width: number, first: string, rest = first): string {
  return text
    .split('\n')
    .map((paragraph) => {
      // Keeps a paragraph's own indentation (help's option lists), on every line it wraps to.
      const lead = /^[ \t]*/.exec(paragraph)![0];
      const words = paragraph.split(/\s+/).filter((w) => w !== '');
      const lines: string[] = [];
      let line = first + lead;
      let empty = true;
      for (const word of words) {
        if (!empty && line.length + 1 + word.length > width) {
          lines.push(line);
          line = rest + lead + word;
        } else {
          line = empty ? line + word : `${line} ${word}`;
        }
        empty = false;
      }
      lines.push(line);
      return lines.join('\n');
    })
    .join('\n');
}
