/**
 * Turns what people paste to name a paper (an id, an arXiv or Hugging Face link, Slack's `<url|label>`)
 * into the arXiv id without version that papers are stored under.
 */
import { UserError } from './errors.js';

const ID = String.raw`(\d{4}\.\d{4,5})(?:v\d+)?`;
const BARE = new RegExp(String.raw`^(?:arxiv:\s*)?${ID}$`, 'i');
const HOST_PATH = String.raw`(?:(?:huggingface\.co|hf\.co)/papers|(?:export\.)?arxiv\.org/(?:abs|pdf|html))`;
const LINK = new RegExp(String.raw`^(?:https?://)?(?:www\.)?${HOST_PATH}/${ID}(?:\.pdf)?/?(?:[?#].*)?$`, 'i');
const SHOWN_LENGTH = 60;

export function parsePaperRef(input: string): string {
  const ref = unwrap(input);
  const match = BARE.exec(ref) ?? LINK.exec(ref);
  if (match) return match[1]!;
  if (ref === '') {
    throw new UserError('Name a paper by its arXiv id or link; try `/papers paper 2606.01234` or a huggingface.co/papers link.');
  }
  throw new UserError(
    `\`${shown(ref)}\` is not an arXiv id or paper link; try \`/papers paper 2606.01234\` or a huggingface.co/papers link.`,
  );
}

/** Slack sends links as `<url>` or `<url|label>`; people add spaces and sometimes their own brackets. */
function unwrap(input: string): string {
  let ref = input.trim();
  if (ref.startsWith('<') && ref.endsWith('>')) {
    ref = ref.slice(1, -1);
    const bar = ref.indexOf('|');
    if (bar !== -1) ref = ref.slice(0, bar);
    ref = ref.trim();
  }
  return ref;
}

function shown(ref: string): string {
  const clean = ref.replace(/[`\s]+/g, ' ');
  return clean.length > SHOWN_LENGTH ? `${clean.slice(0, SHOWN_LENGTH - 1)}…` : clean;
}
