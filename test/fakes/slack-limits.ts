/**
 * The checks Slack applies to a message's blocks, written from Slack's published limits: the fake
 * refuses what Slack refuses, with the same error codes (`invalid_blocks`, `msg_blocks_too_long`).
 */

export const LIMITS = {
  blocks: 50,
  header: 150,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  /** Block text beyond this fails with msg_blocks_too_long. */
  totalText: 12_000,
} as const;

type Obj = Record<string, unknown>;

/** A Slack error code when the message would be refused, else undefined. Also returns the reason. */
export function checkMessage(args: Obj): { error: string; reason: string } | undefined {
  const blocks = args.blocks;
  if (blocks === undefined) {
    return typeof args.text === 'string' && args.text !== '' ? undefined : { error: 'no_text', reason: 'neither text nor blocks' };
  }
  if (!Array.isArray(blocks)) return invalid('blocks is not an array');
  if (blocks.length > LIMITS.blocks) return invalid(`${blocks.length} blocks, more than ${LIMITS.blocks}`);
  let total = 0;
  const actionIds = new Set<string>();
  for (const [i, raw] of blocks.entries()) {
    const block = raw as Obj;
    const problem = checkBlock(block, actionIds, (n) => (total += n));
    if (problem) return invalid(`block ${i} (${String(block.type)}): ${problem}`);
  }
  if (total > LIMITS.totalText) return { error: 'msg_blocks_too_long', reason: `${total} characters of block text` };
  return undefined;
}

function invalid(reason: string) {
  return { error: 'invalid_blocks', reason };
}

function checkBlock(block: Obj, actionIds: Set<string>, count: (n: number) => void): string | undefined {
  switch (block.type) {
    case 'header':
      return textObject(block.text, LIMITS.header, count, ['plain_text']);
    case 'section': {
      if (block.text === undefined && block.fields === undefined) return 'a section needs text or fields';
      if (block.text !== undefined) {
        const problem = textObject(block.text, LIMITS.sectionText, count);
        if (problem) return problem;
      }
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields) || block.fields.length > LIMITS.fields) return 'too many fields';
        for (const field of block.fields) {
          const problem = textObject(field, LIMITS.fieldText, count);
          if (problem) return problem;
        }
      }
      return block.accessory === undefined ? undefined : element(block.accessory as Obj, actionIds, count);
    }
    case 'context': {
      const elements = block.elements;
      if (!Array.isArray(elements) || elements.length === 0 || elements.length > LIMITS.contextElements) return 'context elements';
      for (const e of elements) {
        const problem = textObject(e, LIMITS.sectionText, count);
        if (problem) return problem;
      }
      return undefined;
    }
    case 'actions': {
      const elements = block.elements;
      if (!Array.isArray(elements) || elements.length === 0 || elements.length > LIMITS.actionsElements) return 'actions elements';
      for (const e of elements) {
        const problem = element(e as Obj, actionIds, count);
        if (problem) return problem;
      }
      return undefined;
    }
    case 'divider':
      return undefined;
    default:
      return 'unknown block type';
  }
}

function element(e: Obj, actionIds: Set<string>, count: (n: number) => void): string | undefined {
  if (e.type !== 'button') return `unsupported element ${String(e.type)}`;
  const problem = textObject(e.text, LIMITS.buttonText, count, ['plain_text']);
  if (problem) return `button ${problem}`;
  if (typeof e.action_id === 'string') {
    if (e.action_id.length > LIMITS.actionId) return 'action_id too long';
    if (actionIds.has(e.action_id)) return `duplicate action_id ${e.action_id}`;
    actionIds.add(e.action_id);
  }
  if (e.value !== undefined && (typeof e.value !== 'string' || e.value.length > LIMITS.buttonValue)) return 'button value';
  if (e.url !== undefined && (typeof e.url !== 'string' || e.url.length > LIMITS.buttonUrl || !/^https?:\/\//.test(e.url))) {
    return 'button url';
  }
  return undefined;
}

function textObject(raw: unknown, max: number, count: (n: number) => void, types = ['plain_text', 'mrkdwn']): string | undefined {
  const t = raw as Obj | undefined;
  if (!t || typeof t.type !== 'string' || !types.includes(t.type)) return 'text object of the wrong type';
  if (typeof t.text !== 'string' || t.text.length === 0) return 'empty text';
  if (t.text.length > max) return `text of ${t.text.length} characters, more than ${max}`;
  count(t.text.length);
  return undefined;
}
