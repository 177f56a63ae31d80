import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanUrl, MAX_URL_LENGTH, type UrlRejection } from '../../src/core/safe-url.js';

/** The result and, when the link was dropped, why. */
function check(value: string | null | undefined): { url: string | undefined; reason: UrlRejection | undefined } {
  let reason: UrlRejection | undefined;
  const url = cleanUrl(value, (r) => (reason = r));
  return { url, reason };
}

/** Everything a chat link could choke on, none of which may be left raw. */
const BREAKS_A_LINK = /[\s<>"'`|()[\]{}\\^]/;
const SAFE_SHAPE = /^https?:\/\/[a-z0-9._-]+(?::\d+)?\/[A-Za-z0-9\-._~!$&*+,;=:@/?#%]*$/;

describe('cleanUrl keeps plain http(s) links, normalised', () => {
  it.each([
    ['https://github.com/northlight-ai/origami-attention', 'https://github.com/northlight-ai/origami-attention'],
    ['HTTPS://GitHub.COM/a', 'https://github.com/a'],
    ['https://github.com:443/a', 'https://github.com/a'],
    ['http://3.148.244.109:5000/', 'http://3.148.244.109:5000/'],
    ['https://triplane-gs.example.com', 'https://triplane-gs.example.com/'],
    ['  https://x.org/a \n', 'https://x.org/a'],
    // Recorded from Hugging Face: a line break inside a repository link.
    ['https://github.com/sirano1004/\nMargin-Apative-Direct-Preference-Optimization', 'https://github.com/sirano1004/Margin-Apative-Direct-Preference-Optimization'],
    ['https://bücher.de/ä', 'https://xn--bcher-kva.de/%C3%A4'],
    ['https://x.org/a%20b?q=1&r=2#top', 'https://x.org/a%20b?q=1&r=2#top'],
  ])('%j → %s', (input, expected) => {
    expect(check(input)).toEqual({ url: expected, reason: undefined });
  });
});

describe('cleanUrl percent-encodes what would break a Discord or Slack link', () => {
  it.each([
    ['https://x/a b', 'https://x/a%20b'],
    ['https://x/<script>', 'https://x/%3Cscript%3E'],
    ['https://x/a)b', 'https://x/a%29b'],
    ['https://x/a](https://evil.example)', 'https://x/a%5D%28https://evil.example%29'],
    ['https://x/?q=`a`|b(c)[d]{e}\'f"g\\h^', 'https://x/?q=%60a%60%7Cb%28c%29%5Bd%5D%7Be%7D%27f%22g%5Ch%5E'],
    ['https://x/#frag|<b>', 'https://x/#frag%7C%3Cb%3E'],
    ['https://x/100%', 'https://x/100%25'],
  ])('%j → %s', (input, expected) => {
    expect(check(input)).toEqual({ url: expected, reason: undefined });
  });
});

describe('cleanUrl drops everything else and says why', () => {
  it.each<[string, UrlRejection]>([
    ['javascript:alert(1)', 'not-http'],
    ['JavaScript:alert(1)', 'not-http'],
    ['data:text/html,<script>alert(1)</script>', 'not-http'],
    ['ftp://files.example.org/paper.pdf', 'not-http'],
    ['mailto:someone@example.org', 'not-http'],
    ['//x', 'unparsable'],
    ['/papers/2606.00001', 'unparsable'],
    ['github.com/a/b', 'unparsable'],
    ['https://', 'unparsable'],
    ['https://user:pw@host/', 'credentials'],
    ['https://token@github.com/a', 'credentials'],
    // Without a scheme, `user:` reads as one.
    ['user:pw@host', 'not-http'],
    ['https://a(b.com/', 'host'],
    ['https://[::1]/', 'host'],
    [`https://x.org/${'a'.repeat(MAX_URL_LENGTH)}`, 'too-long'],
    // Short enough as given, too long once its spaces are encoded.
    [`https://x.org/${' '.repeat(700)}a`, 'too-long'],
  ])('%j: %s', (input, reason) => {
    expect(check(input)).toEqual({ url: undefined, reason });
  });

  it('keeps a link of exactly the limit', () => {
    const url = `https://x.org/${'a'.repeat(MAX_URL_LENGTH - 'https://x.org/'.length)}`;
    expect(check(url)).toEqual({ url, reason: undefined });
  });

  it('treats absent and blank as absent, without a reason', () => {
    for (const value of [undefined, null, '', '   ', '\n\t']) expect(check(value)).toEqual({ url: undefined, reason: undefined });
  });
});

describe('whatever comes in', () => {
  const piece = fc.constantFrom('a', 'Z', '0', '/', '?', '#', '&', '=', '%', '%41', ' ', '\n', '<', '>', '"', "'", '`', '|', '(', ')', '[', ']', '{', '}', '\\', '^', 'é', '😀', '.', '..', ':', '@');
  const tail = fc.array(piece, { maxLength: 40 }).map((p) => p.join(''));
  const input = fc.oneof(
    fc.webUrl({ withQueryParameters: true, withFragments: true }),
    fc.tuple(fc.constantFrom('https://', 'http://', 'HTTPS://', 'javascript:', '//', 'https://u:p@', ' https://'), fc.constantFrom('x.org', 'GitHub.com', 'bücher.de', 'a(b.com', '[::1]', ''), tail).map((p) => p.join('')),
    fc.string(),
  );

  it('leaves either nothing or a safe http(s) link that checks out unchanged again', () => {
    fc.assert(
      fc.property(input, (value) => {
        const url = cleanUrl(value);
        if (url === undefined) return;
        expect(url).toMatch(SAFE_SHAPE);
        expect(url).not.toMatch(BREAKS_A_LINK);
        expect(url.length).toBeLessThanOrEqual(MAX_URL_LENGTH);
        // Rows are checked again when read back; a second pass must not change what was stored.
        expect(cleanUrl(url)).toBe(url);
      }),
      { numRuns: 2000 },
    );
  });
});
