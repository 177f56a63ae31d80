/**
 * Slack's text rules: `&`, `<` and `>` are control characters in message text (links, mentions,
 * `<!channel>`), so every piece of outside text is escaped before it reaches a block; and command
 * text arrives escaped the same way, with links and mentions wrapped in `<…>`.
 */

export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Escapes `text` and cuts it so the escaped result fits in `max` characters, never inside an
 * entity; a cut ends with `…`.
 */
export function fitEscaped(text: string, max: number): string {
  const escaped = escapeText(text);
  if (escaped.length <= max) return escaped;
  let out = '';
  for (const char of text) {
    const piece = escapeText(char);
    if (out.length + piece.length > max - 1) break;
    out += piece;
  }
  return `${out.trimEnd()}…`;
}

/** A link whose label is outside text: `<url|label>`, with the url made safe for the angle brackets. */
export function link(url: string, label: string): string {
  return `<${escapeText(url).replace(/\|/g, '%7C')}|${escapeText(label)}>`;
}

/**
 * Slash-command text as a person typed it: `&amp;` back to `&`, `<https://…|label>` and `<https://…>`
 * to the url, `<@U123|ada>` to `@ada`. Channel references `<#C123|name>` stay, since the command
 * parser reads the channel id from them.
 */
export function decodeCommandText(text: string): string {
  const unwrapped = text.replace(/<([^<>]*)>/g, (whole, inner: string) => {
    if (inner.startsWith('#C') || inner.startsWith('#G')) return whole;
    const [target = '', label] = inner.split('|', 2);
    if (target.startsWith('@')) return `@${label ?? target.slice(1)}`;
    if (target.startsWith('!')) return label ?? target.slice(1);
    return target;
  });
  return unwrapped.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
