/**
 * What Discord refuses in a message or a command payload, checked the way Discord answers:
 * a list of problems that the fake turns into 400 / code 50035 ("Invalid Form Body").
 * Lengths are counted in UTF-16 code units, as Discord does.
 */

type Json = Record<string, unknown>;

const EMBED_TOTAL = 6000;
const NAME = /^[-_\p{Ll}\p{Lo}\p{N}]{1,32}$/u;

/** Problems with a message body (create, edit, follow-up, interaction response data). */
export function messageProblems(body: Json, options: { requireSomething?: boolean } = {}): string[] {
  const problems: string[] = [];
  const content = body.content;
  if (content !== undefined && content !== null) {
    if (typeof content !== 'string') problems.push('content: must be a string');
    else if (content.length > 2000) problems.push(`content: must be 2000 or fewer in length (${content.length})`);
  }
  const embeds = Array.isArray(body.embeds) ? (body.embeds as Json[]) : [];
  if (embeds.length > 10) problems.push(`embeds: must be 10 or fewer in length (${embeds.length})`);
  let total = 0;
  embeds.forEach((embed, i) => {
    const { size, issues } = embedProblems(embed);
    total += size;
    problems.push(...issues.map((issue) => `embeds.${i}.${issue}`));
  });
  if (total > EMBED_TOTAL) problems.push(`embeds: all embeds together must be ${EMBED_TOTAL} or fewer characters (${total})`);
  problems.push(...componentProblems(body.components));
  const hasSomething =
    (typeof content === 'string' && content.length > 0) || embeds.length > 0 || Array.isArray(body.components) && body.components.length > 0;
  if (options.requireSomething && !hasSomething) problems.push('message: cannot send an empty message');
  if (typeof body.nonce === 'string' && body.nonce.length > 25) problems.push('nonce: must be 25 or fewer in length');
  return problems;
}

/** Characters that count toward the 6000 limit, and per-field problems. */
export function embedProblems(embed: Json): { size: number; issues: string[] } {
  const issues: string[] = [];
  let size = 0;
  const check = (path: string, value: unknown, max: number, required = false) => {
    if (value === undefined || value === null) {
      if (required) issues.push(`${path}: required`);
      return;
    }
    if (typeof value !== 'string') return void issues.push(`${path}: must be a string`);
    if (required && value.trim() === '') issues.push(`${path}: must not be empty`);
    if (value.length > max) issues.push(`${path}: must be ${max} or fewer in length (${value.length})`);
    size += value.length;
  };
  check('title', embed.title, 256);
  check('description', embed.description, 4096);
  const footer = embed.footer as Json | undefined;
  if (footer) check('footer.text', footer.text, 2048, true);
  const author = embed.author as Json | undefined;
  if (author) check('author.name', author.name, 256, true);
  const fields = Array.isArray(embed.fields) ? (embed.fields as Json[]) : [];
  if (fields.length > 25) issues.push(`fields: must be 25 or fewer in length (${fields.length})`);
  fields.forEach((field, i) => {
    check(`fields.${i}.name`, field.name, 256, true);
    check(`fields.${i}.value`, field.value, 1024, true);
  });
  for (const key of ['url'] as const) {
    const url = embed[key];
    if (url !== undefined && (typeof url !== 'string' || !/^https?:\/\//.test(url))) issues.push(`${key}: not a well formed URL`);
  }
  return { size, issues };
}

function componentProblems(components: unknown): string[] {
  if (components === undefined || components === null) return [];
  if (!Array.isArray(components)) return ['components: must be an array'];
  const problems: string[] = [];
  if (components.length > 5) problems.push(`components: must be 5 or fewer in length (${components.length})`);
  (components as Json[]).forEach((row, r) => {
    const children = Array.isArray(row.components) ? (row.components as Json[]) : [];
    if (row.type !== 1) problems.push(`components.${r}.type: must be an action row`);
    if (children.length < 1 || children.length > 5) problems.push(`components.${r}.components: must be 1 to 5 in length`);
    children.forEach((button, b) => {
      const at = `components.${r}.components.${b}`;
      if (typeof button.label === 'string' && button.label.length > 80) problems.push(`${at}.label: must be 80 or fewer in length`);
      if (button.style === 5) {
        if (typeof button.url !== 'string' || !/^https?:\/\//.test(button.url)) problems.push(`${at}.url: not a well formed URL`);
        if (button.custom_id !== undefined) problems.push(`${at}.custom_id: link buttons cannot have one`);
      } else if (typeof button.custom_id !== 'string' || button.custom_id.length < 1 || button.custom_id.length > 100) {
        problems.push(`${at}.custom_id: must be 1 to 100 in length`);
      }
    });
  });
  return problems;
}

/** Problems with a bulk-overwrite of application commands. */
export function commandProblems(commands: unknown): string[] {
  if (!Array.isArray(commands)) return ['body: must be an array of commands'];
  const problems: string[] = [];
  if (commands.length > 100) problems.push('commands: must be 100 or fewer');
  (commands as Json[]).forEach((command, i) => {
    problems.push(...namedProblems(`${i}`, command));
    problems.push(...optionProblems(`${i}.options`, command.options, 0));
  });
  return problems;
}

function namedProblems(path: string, item: Json): string[] {
  const problems: string[] = [];
  if (typeof item.name !== 'string' || !NAME.test(item.name)) problems.push(`${path}.name: must be 1-32 lower-case characters`);
  const description = item.description;
  if (typeof description !== 'string' || description.length < 1 || description.length > 100) {
    problems.push(`${path}.description: must be 1 to 100 in length`);
  }
  return problems;
}

function optionProblems(path: string, options: unknown, depth: number): string[] {
  if (options === undefined) return [];
  if (!Array.isArray(options)) return [`${path}: must be an array`];
  const problems: string[] = [];
  if (options.length > 25) problems.push(`${path}: must be 25 or fewer in length`);
  const names = new Set<string>();
  let sawOptional = false;
  (options as Json[]).forEach((option, i) => {
    const at = `${path}.${i}`;
    problems.push(...namedProblems(at, option));
    if (names.has(String(option.name))) problems.push(`${at}.name: duplicate`);
    names.add(String(option.name));
    const type = option.type;
    if (type === 1 || type === 2) {
      if (depth >= (type === 2 ? 1 : 2)) problems.push(`${at}: subcommands nest at most one group deep`);
      problems.push(...optionProblems(`${at}.options`, option.options, depth + 1));
      return;
    }
    if (option.required === true && sawOptional) problems.push(`${at}.required: required options must come first`);
    if (option.required !== true) sawOptional = true;
    const choices = option.choices;
    if (Array.isArray(choices)) {
      if (choices.length > 25) problems.push(`${at}.choices: must be 25 or fewer in length`);
      if (option.autocomplete === true) problems.push(`${at}: autocomplete cannot have choices`);
    }
    for (const key of ['min_length', 'max_length'] as const) {
      const value = option[key];
      if (value !== undefined && (typeof value !== 'number' || value < 0 || value > 6000)) problems.push(`${at}.${key}: 0 to 6000`);
    }
  });
  return problems;
}

/** Discord's 400 body for a form that failed validation. */
export function invalidFormBody(problems: readonly string[]): Json {
  return { code: 50035, message: 'Invalid Form Body', errors: { _problems: problems } };
}
