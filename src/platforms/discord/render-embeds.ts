/**
 * Renders a neutral Reply as Discord messages. Text blocks become the message content, papers
 * become embeds (one per paper, or several papers per embed as fields past ten), and text after
 * the papers becomes the last embed's footer. Every message is measured against Discord's limits
 * (2000 content, 10 embeds, 6000 characters across embeds) and shortened until it fits.
 */
import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from 'discord.js';
import type { Block, PaperItem, Reply } from '../../core/message.js';
import { paperUrl, type Paper } from '../../core/paper.js';
import { authorList, firstSentence } from '../../core/paper-text.js';
import { embedsSize, LIMITS, withinLimits } from './limits.js';
import { chunk, clip, escapeText, plainText } from './text.js';

/** A message body in Discord's JSON shape, ready for REST or an interaction response. */
export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  /** Action rows; added by the interaction layer (buttons need state ids). */
  components?: APIActionRowComponent<APIButtonComponent>[];
  readonly allowed_mentions: { readonly parse: [] };
}

export const NO_MENTIONS = { parse: [] as [] } as const;
const COLOR = 0xffd21e;
const NOTICE_ICON = { info: 'ℹ️', warning: '⚠️', error: '❌' } as const;

/** How much of each paper a brief embed shows; later levels are used when a message is too long. */
interface Level {
  readonly summary: number;
  readonly title: number;
  readonly authors: number;
  readonly links: boolean;
}
const LEVELS: readonly Level[] = [
  { summary: 280, title: 256, authors: 3, links: true },
  { summary: 180, title: 256, authors: 3, links: true },
  { summary: 100, title: 200, authors: 2, links: true },
  { summary: 0, title: 150, authors: 1, links: true },
  { summary: 0, title: 110, authors: 1, links: false },
  { summary: 0, title: 70, authors: 0, links: false },
  { summary: 0, title: 40, authors: 0, links: false },
];

/** Exactly one message (a digest, a DM, a post): whatever does not fit is shortened. */
export function renderOne(reply: Reply): DiscordMessage {
  const { lead, tail, items } = split(reply);
  const content = clip(lead, LIMITS.content);
  if (items.length === 0) return message(content === '' ? clip(tail, LIMITS.content) : content, []);
  return message(content, fitBrief(items, tail));
}

/**
 * As many messages as the reply needs (interaction answers, the details thread): full papers keep
 * their whole abstract, split across embeds and messages.
 */
export function renderAll(reply: Reply): DiscordMessage[] {
  const { lead, tail, items, full } = split(reply);
  const leadChunks = lead === '' ? [] : chunk(lead, LIMITS.content);
  const leading = leadChunks.slice(0, -1).map((c) => message(c, []));
  const first = leadChunks.at(-1) ?? '';
  if (items.length === 0) {
    const tailChunks = tail === '' ? [] : chunk(tail, LIMITS.content);
    const all = [...leading, ...(first === '' ? [] : [message(first, [])]), ...tailChunks.map((c) => message(c, []))];
    return all.length > 0 ? all : [message('Nothing to show.', [])];
  }
  if (!full) return [...leading, message(first, fitBrief(items, tail))];
  const packed = pack(items.flatMap((item) => fullEmbeds(item.paper)));
  if (first !== '') packed[0]!.content = first;
  const last = packed.at(-1)!;
  const footer = clip(plainText(tail), LIMITS.footer);
  const lastEmbed = last.embeds.at(-1);
  if (tail !== '' && lastEmbed && !lastEmbed.footer && embedsSize(last.embeds) + footer.length <= LIMITS.embedTotal) {
    lastEmbed.footer = { text: footer };
  } else if (tail !== '') {
    packed.push(...chunk(tail, LIMITS.content).map((c) => message(c, [])));
  }
  return [...leading, ...packed];
}

function message(content: string, embeds: APIEmbed[]): DiscordMessage {
  return { ...(content === '' ? {} : { content }), embeds, allowed_mentions: NO_MENTIONS };
}

function split(reply: Reply): { lead: string; tail: string; items: PaperItem[]; full: boolean } {
  const firstPapers = reply.blocks.findIndex((b) => b.type === 'papers');
  const before = firstPapers === -1 ? reply.blocks : reply.blocks.slice(0, firstPapers);
  const after = firstPapers === -1 ? [] : reply.blocks.slice(firstPapers).filter((b) => b.type !== 'papers');
  const tail = after.map((b) => ('text' in b ? b.text : '')).join(' · ');
  const papers = reply.blocks.filter((b): b is Extract<Block, { type: 'papers' }> => b.type === 'papers');
  return {
    lead: before.map(blockText).filter((line) => line !== '').join('\n'),
    tail,
    items: papers.flatMap((b) => b.items),
    full: papers.some((b) => b.detail === 'full'),
  };
}

function blockText(block: Block): string {
  switch (block.type) {
    case 'heading':
      return `**${escapeText(block.text)}**`;
    case 'text':
      return escapeText(block.text);
    case 'notice':
      return `${NOTICE_ICON[block.tone]} ${escapeText(block.text)}`;
    case 'action':
      // A button under the message (components.ts).
      return '';
    case 'papers':
      return '';
  }
}

// ---------------------------------------------------------------- brief papers

function fitBrief(items: readonly PaperItem[], tail: string): APIEmbed[] {
  const footer = tail === '' ? undefined : { text: clip(plainText(tail), LIMITS.footer) };
  for (const level of LEVELS) {
    const embeds = briefEmbeds(items, level);
    if (footer) embeds[embeds.length - 1]!.footer = footer;
    if (withinLimits({ embeds })) return embeds;
  }
  // Only reachable with absurd input (hundreds of papers): keep the first ones that fit.
  const level = LEVELS[LEVELS.length - 1]!;
  let kept = items.length;
  let embeds = briefEmbeds(items, level);
  while (kept > 1 && !withinLimits({ embeds })) embeds = briefEmbeds(items.slice(0, (kept -= 1)), level);
  return embeds;
}

function briefEmbeds(items: readonly PaperItem[], level: Level): APIEmbed[] {
  if (items.length <= LIMITS.embeds) return items.map((item) => briefEmbed(item, level));
  const perEmbed = Math.ceil(items.length / LIMITS.embeds);
  const embeds: APIEmbed[] = [];
  for (let i = 0; i < items.length; i += perEmbed) {
    embeds.push({
      color: COLOR,
      fields: items.slice(i, i + perEmbed).map((item) => ({
        name: clip(`${item.rank}. ${escapeText(item.paper.title)}`, Math.min(level.title, LIMITS.fieldName)),
        value: clip([`[${item.paper.id}](${paperUrl(item.paper.id)}) · ${facts(item, level)}`, ...details(item, level)].join('\n'), LIMITS.fieldValue),
      })),
    });
  }
  return embeds;
}

function briefEmbed(item: PaperItem, level: Level): APIEmbed {
  return {
    color: COLOR,
    title: clip(`${item.rank}. ${escapeText(item.paper.title)}`, level.title),
    url: paperUrl(item.paper.id),
    description: clip([facts(item, level), ...details(item, level)].join('\n'), LIMITS.description),
  };
}

function facts(item: PaperItem, level: Level): string {
  const parts = [`▲ ${item.paper.upvotes}`];
  const authors = authorList(item.paper.authors, level.authors, (name) => escapeText(clip(name, 60)));
  if (authors !== '') parts.push(authors);
  if (item.origin === 'huggingface') parts.push("related, from Hugging Face's search");
  return parts.join(' · ');
}

function details(item: PaperItem, level: Level): string[] {
  const lines: string[] = [];
  if (item.topics && item.topics.length > 0) lines.push(`Matches: ${clip(item.topics.map(escapeText).join(', '), 200)}`);
  if (item.reason) lines.push(`Why: ${escapeText(clip(item.reason, 200))}`);
  if (level.summary > 0) {
    const summary = item.paper.aiSummary ?? firstSentence(item.paper.summary);
    if (summary.trim() !== '') lines.push(escapeText(clip(summary.replace(/\s+/g, ' ').trim(), level.summary)));
  }
  if (level.links) {
    const links = paperLinks(item.paper);
    if (links !== '') lines.push(links);
  }
  return lines;
}

function paperLinks(paper: Paper): string {
  const links: string[] = [];
  // The source made these links safe inside a markdown link (src/core/safe-url.ts).
  if (paper.githubRepo) links.push(`[Code](${paper.githubRepo})`);
  if (paper.projectPage) links.push(`[Project](${paper.projectPage})`);
  return links.join(' · ');
}

// ---------------------------------------------------------------- full papers

function fullEmbeds(paper: Paper): APIEmbed[] {
  const fields: NonNullable<APIEmbed['fields']> = [
    { name: 'Upvotes', value: String(paper.upvotes), inline: true },
    { name: 'Comments', value: String(paper.numComments), inline: true },
  ];
  if (paper.publishedAt) fields.push({ name: 'Published', value: paper.publishedAt.slice(0, 10), inline: true });
  if (paper.authors.length > 0) fields.push({ name: 'Authors', value: clip(escapeText(paper.authors.join(', ')), LIMITS.fieldValue) });
  if (paper.organization) fields.push({ name: 'Organization', value: clip(escapeText(paper.organization.fullname ?? paper.organization.name), LIMITS.fieldValue) });
  if (paper.githubRepo) {
    const stars = paper.githubStars === undefined ? '' : ` (${paper.githubStars} stars)`;
    fields.push({ name: 'Code', value: clip(`${paper.githubRepo}${stars}`, LIMITS.fieldValue) });
  }
  if (paper.projectPage) fields.push({ name: 'Project', value: clip(paper.projectPage, LIMITS.fieldValue) });
  if (paper.aiKeywords.length > 0) fields.push({ name: 'Keywords', value: clip(escapeText(paper.aiKeywords.join(', ')), LIMITS.fieldValue) });
  const head: APIEmbed = {
    color: COLOR,
    title: clip(escapeText(paper.title), LIMITS.title),
    url: paperUrl(paper.id),
    fields,
    footer: { text: `arXiv ${paper.id}` },
  };
  if (paper.aiSummary) head.description = clip(`In short: ${escapeText(paper.aiSummary)}`, LIMITS.description);
  const abstract = paper.summary.trim() === '' ? [] : chunk(escapeText(paper.summary.replace(/\s+/g, ' ').trim()), 4000);
  return [head, ...abstract.map((text, i): APIEmbed => ({ color: COLOR, ...(i === 0 ? { title: 'Abstract' } : {}), description: text }))];
}

/** Embeds in order, as few messages as the 10-embed and 6000-character limits allow. */
function pack(embeds: readonly APIEmbed[]): DiscordMessage[] {
  const messages: DiscordMessage[] = [];
  let current: APIEmbed[] = [];
  for (const embed of embeds) {
    if (current.length > 0 && (current.length === LIMITS.embeds || embedsSize([...current, embed]) > LIMITS.embedTotal)) {
      messages.push(message('', current));
      current = [];
    }
    current.push(embed);
  }
  if (current.length > 0) messages.push(message('', current));
  return messages;
}
