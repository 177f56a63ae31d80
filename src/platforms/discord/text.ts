/**
 * Discord text: markdown escaping, mention neutralising, and trimming that never splits a
 * surrogate pair or leaves a dangling escape. Lengths are UTF-16 code units, as Discord counts.
 */
import { escapeMarkdown } from 'discord.js';

export const ELLIPSIS = '…';

/** Markdown in titles, authors and user text shows as typed; @everyone and @here never look like mentions. */
export function escapeText(text: string): string {
  // The italic pass is a regex whose lookbehind rescans the text at every position, slow on long
  // text (docs/decisions/0012-measured-choices.md); it only ever escapes `*` and `_`, and no earlier
  // pass adds either, so skipping it for text without them gives the same result.
  const italic = text.includes('*') || text.includes('_');
  const escaped = escapeMarkdown(text, { italic, heading: true, bulletedList: true, numberedList: true, maskedLink: true });
  // A zero-width space keeps the words readable while Discord no longer treats them as mentions.
  return escaped.replace(/@(everyone|here)/g, '@\u200b$1');
}

/** For places without markdown (embed footers): only the mention guard. */
export function plainText(text: string): string {
  return text.replace(/@(everyone|here)/g, '@\u200b$1');
}

/** Cuts `text` to at most `max` code units, ending in an ellipsis when cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = text.slice(0, Math.max(0, max - ELLIPSIS.length));
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  // An odd run of trailing backslashes would escape the ellipsis.
  const slashes = /\\+$/.exec(cut)?.[0].length ?? 0;
  if (slashes % 2 === 1) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}${ELLIPSIS}`;
}

/** Splits text into chunks of at most `max` code units, preferring line, then word boundaries. */
export function chunk(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let at = rest.lastIndexOf('\n', max);
    if (at < max / 2) at = rest.lastIndexOf(' ', max);
    if (at < max / 2) at = max;
    const code = rest.charCodeAt(at - 1);
    if (code >= 0xd800 && code <= 0xdbff) at -= 1;
    out.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).replace(/^[\n ]/, '');
  }
  if (rest.trim() !== '' || out.length === 0) out.push(rest);
  return out;
}
