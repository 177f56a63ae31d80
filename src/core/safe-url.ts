/**
 * Links from Hugging Face (a paper's code and project pages, its thumbnail), checked once where they
 * come in (src/sources/hf) and again when a row stored before the check is read (src/store); a
 * pure function in core, so neither layer depends on the other. What leaves here can go as it is into a Discord markdown link, a Slack `<url|label>` or
 * link button, or a terminal line, so no renderer has to defend itself against an upstream URL.
 */

/** Discord's limit for an embed url; Slack allows 3000 for a button, so this one ceiling serves both. */
export const MAX_URL_LENGTH = 2048;

/** Why a link was dropped. */
export type UrlRejection = 'unparsable' | 'not-http' | 'credentials' | 'host' | 'too-long';

/**
 * A DNS name or IPv4 address as `URL` prints it (lower case, punycode). `URL` also accepts hosts such
 * as `a(b.com` and bracketed IPv6 literals, whose characters would end a markdown link; no paper
 * links to either.
 */
const PLAIN_HOST = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?$/;

/**
 * What may stay raw after the host: RFC 3986's unreserved and delimiter characters without `'`,
 * `(`, `)`, `[` and `]` (they end a markdown link), and `%` only as the start of an escape. `URL`
 * leaves `|`, backticks, brackets and braces raw in a query, and a lone `%` anywhere.
 */
const UNSAFE = /%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&*+,;=:@/?#%]/g;

/**
 * `value` as a normalised absolute http(s) URL (`URL#href`: lower-case scheme and host, punycode,
 * default port dropped, tabs and line breaks removed), with every character that could break a chat
 * link percent-encoded. Absent or blank: undefined. Anything else that is not a plain http(s) link
 * (another scheme, a relative or unparsable URL, a user name or password, an odd host, longer than
 * `MAX_URL_LENGTH`) is undefined too, and `onReject` says why.
 */
export function cleanUrl(value: string | null | undefined, onReject?: (reason: UrlRejection) => void): string | undefined {
  if (value === undefined || value === null || value.trim() === '') return undefined;
  const checked = check(value);
  if ('rejected' in checked) onReject?.(checked.rejected);
  return 'href' in checked ? checked.href : undefined;
}

function check(value: string): { readonly href: string } | { readonly rejected: UrlRejection } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { rejected: 'unparsable' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { rejected: 'not-http' };
  if (url.username !== '' || url.password !== '') return { rejected: 'credentials' };
  if (!PLAIN_HOST.test(url.hostname)) return { rejected: 'host' };
  // Without credentials an http(s) href is its origin followed by the path, query and fragment.
  const href = url.origin + url.href.slice(url.origin.length).replace(UNSAFE, percentEncode);
  return href.length > MAX_URL_LENGTH ? { rejected: 'too-long' } : { href };
}

const utf8 = new TextEncoder();

function percentEncode(char: string): string {
  return [...utf8.encode(char)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}
