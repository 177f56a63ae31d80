/**
 * One paper as Block Kit: a brief section (title link, upvotes, authors, a short summary) or the
 * full record (abstract split into sections of at most 3000 characters). All outside text is escaped.
 */
import type { types } from '@slack/bolt';
import type { PaperItem } from '../../core/message.js';
import { paperUrl, type Paper } from '../../core/paper.js';
import { authorList, firstSentence } from '../../core/paper-text.js';
import { escapeText, fitEscaped, link } from './escape.js';

export const SECTION_TEXT_LIMIT = 3000;
const TITLE_LIMIT = 300;
const ABSTRACT_LIMIT = 6000;

/** How much a brief paper shows; smaller levels are tried when a message would be too long. */
export interface BriefStyle {
  readonly title: number;
  /** Characters of summary; 0 leaves it out. */
  readonly summary: number;
  readonly authors: number;
  /** The GitHub and project links besides the paper's own. */
  readonly extraLinks: boolean;
  /** Link buttons in their own actions block, or the links inline in the text. */
  readonly linkButtons: boolean;
  /** 👍/👎 and More like this under each paper that offers them (in the link buttons' block, or one of their own). */
  readonly paperButtons: boolean;
}

/** The buttons the reply offers for one paper (Share, More like this), in that order. */
export type ItemButtons = (index: number) => types.Button[];

/** The 👍/👎 buttons of one paper, when the reply offers them (none: an empty list). */
export type VoteButtons = (index: number) => types.Button[];

export function briefPaper(item: PaperItem, index: number, style: BriefStyle, buttons: ItemButtons, votes: VoteButtons): types.KnownBlock[] {
  const { paper } = item;
  const facts = [`:arrow_up_small: ${upvotes(paper.upvotes)}`];
  const authors = authorList(paper.authors, style.authors);
  if (authors !== '') facts.push(escapeText(authors));
  if (item.origin === 'huggingface') facts.push("related, from Hugging Face's search");
  const lines = [`*${item.rank}. ${link(paperUrl(paper.id), shortTitle(paper.title, style.title))}*`, facts.join(' · ')];
  if (item.topics && item.topics.length > 0) lines.push(`_matches: ${fitEscaped(item.topics.join(', '), 300)}_`);
  if (item.reason) lines.push(`_why: ${fitEscaped(item.reason, 300)}_`);
  const summary = style.summary > 0 ? oneLine(paper.aiSummary ?? firstSentence(paper.summary)) : '';
  if (summary !== '') lines.push(fitEscaped(summary, style.summary));
  if (!style.linkButtons && style.extraLinks) {
    const inline = paperLinks(paper).map((l) => link(l.url, l.label));
    if (inline.length > 1) lines.push(inline.join(' · '));
  }
  const section: types.SectionBlock = { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } };
  // A section holds one button (Share, else More like this); the others go with the links below it, as the style has room.
  const [first, ...others] = buttons(index);
  if (first) section.accessory = first;
  const more = style.paperButtons ? [...others, ...votes(index)] : [];
  const elements = [...(style.linkButtons ? linkButtons(paper, index) : []), ...more];
  return elements.length === 0 ? [section] : [section, { type: 'actions', elements }];
}

export function fullPaper(item: PaperItem, index: number, buttons: ItemButtons, votes: VoteButtons): types.KnownBlock[] {
  const { paper } = item;
  const facts = [paper.id, upvotes(paper.upvotes), `${paper.numComments} comment${paper.numComments === 1 ? '' : 's'}`];
  if (paper.publishedAt) facts.push(`published ${paper.publishedAt.slice(0, 10)}`);
  if (paper.dailyDate) facts.push(`Daily Papers ${paper.dailyDate}`);
  const blocks: types.KnownBlock[] = [mrkdwn(`*${link(paperUrl(paper.id), shortTitle(paper.title))}*\n${escapeText(facts.join(' · '))}`)];
  const about: string[] = [];
  if (paper.authors.length > 0) about.push(`*Authors:* ${escapeText(paper.authors.join(', '))}`);
  if (paper.organization) about.push(`*Organization:* ${escapeText(paper.organization.fullname ?? paper.organization.name)}`);
  if (paper.githubStars !== undefined && paper.githubRepo) about.push(`*Code:* ${paper.githubStars} stars on GitHub`);
  if (paper.aiKeywords.length > 0) about.push(`*Keywords:* ${escapeText(paper.aiKeywords.join(', '))}`);
  if (about.length > 0) blocks.push(...sections(about.join('\n')));
  if (paper.aiSummary) blocks.push(...sections(`*In short:* ${fitEscaped(paper.aiSummary, SECTION_TEXT_LIMIT - 20)}`));
  // arXiv caps abstracts at 1,920 characters; the cap only guards a thread against a runaway field.
  if (paper.summary) blocks.push(...sections(`*Abstract*\n${fitEscaped(paper.summary, ABSTRACT_LIMIT)}`));
  blocks.push({ type: 'actions', elements: [...linkButtons(paper, index), ...buttons(index), ...votes(index)] });
  return blocks;
}

/** mrkdwn already escaped, cut into sections of at most 3000 characters at line or word breaks. */
export function sections(text: string): types.SectionBlock[] {
  return splitEscaped(text, SECTION_TEXT_LIMIT).map(mrkdwn);
}

export function mrkdwn(text: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

/** Splits escaped text into pieces of at most `max`, preferring line breaks, then spaces, never inside an entity. */
export function splitEscaped(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = Math.max(window.lastIndexOf('\n'), 0);
    if (cut < max / 2) cut = window.lastIndexOf(' ');
    if (cut < max / 2) {
      cut = max;
      const amp = window.lastIndexOf('&');
      if (amp > max - 6 && !window.slice(amp).includes(';')) cut = amp;
    }
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.trim() !== '') pieces.push(rest);
  return pieces;
}

function linkButtons(paper: Paper, index: number): types.Button[] {
  return paperLinks(paper).map((l, i) => ({
    type: 'button',
    text: { type: 'plain_text', text: l.label },
    url: l.url,
    action_id: `paperboy_link_${index}_${i}`,
  }));
}

function paperLinks(paper: Paper): { url: string; label: string }[] {
  const links = [{ url: paperUrl(paper.id), label: 'Paper' }];
  // The source let through only http(s) links within the button limit (src/core/safe-url.ts).
  if (paper.githubRepo) links.push({ url: paper.githubRepo, label: paper.githubStars === undefined ? 'Code' : `Code ★${paper.githubStars}` });
  if (paper.projectPage) links.push({ url: paper.projectPage, label: 'Project page' });
  return links;
}

function shortTitle(title: string, limit = TITLE_LIMIT): string {
  const flat = oneLine(title) || 'Untitled';
  return flat.length > limit ? `${flat.slice(0, limit - 1).trimEnd()}…` : flat;
}

function upvotes(n: number): string {
  return `${n} upvote${n === 1 ? '' : 's'}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
