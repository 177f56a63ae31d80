import { describe, expect, it } from 'vitest';
import { helpEntries } from '../../commands/help.js';
import { papersCommand, subcommands } from '../../commands/index.js';
import { formatCommandText, parseCommandText } from '../../commands/parse-text.js';
import { UsageError } from '../../src/core/errors.js';
import type { OptionSpec } from '../../commands/types.js';
import { createHelp } from '../../src/core/use-cases/help.js';

const NAME = /^[a-z][a-z0-9_-]{0,31}$/;
const entries = subcommands(papersCommand);

function render(blocks: readonly { type: string; text?: string }[]): string {
  return blocks.map((b) => b.text ?? '').join('\n');
}

describe('the /papers tree', () => {
  it("obeys Discord's limits on names, descriptions, options and choices", () => {
    const names = [papersCommand.name, ...papersCommand.children.map((c) => c.name)];
    expect(papersCommand.description.length).toBeLessThanOrEqual(100);
    expect(papersCommand.children.length).toBeLessThanOrEqual(25);
    for (const child of papersCommand.children) {
      expect(child.description.length, child.name).toBeLessThanOrEqual(100);
      if (child.kind === 'group') {
        expect(child.subcommands.length).toBeLessThanOrEqual(25);
        names.push(...child.subcommands.map((s) => s.name));
      }
    }
    for (const { path, spec } of entries) {
      expect(spec.description.length, path).toBeLessThanOrEqual(100);
      expect(spec.options.length, path).toBeLessThanOrEqual(25);
      expect(spec.options.filter((o) => o.rest).length, path).toBeLessThanOrEqual(1);
      const required = spec.options.map((o) => o.required === true);
      // Discord wants required options before optional ones.
      expect(required.indexOf(false) === -1 || !required.slice(required.indexOf(false)).includes(true), path).toBe(true);
      for (const option of spec.options) {
        names.push(option.name);
        expect(option.description.length, `${path} ${option.name}`).toBeLessThanOrEqual(100);
        expect((option.choices ?? []).length).toBeLessThanOrEqual(25);
        expect(option.rest !== true || option.type === 'string').toBe(true);
      }
    }
    for (const name of names) expect(name, name).toMatch(NAME);
  });

  it('declares the options the design lists, in order', () => {
    const optionNames = (path: string) =>
      entries.find((e) => e.path === path)!.spec.options.filter((o: OptionSpec) => !o.textOnly).map((o) => o.name);
    expect(optionNames('search')).toEqual(['query']);
    expect(optionNames('paper')).toEqual(['id']);
    expect(optionNames('subscribe')).toEqual(['topic', 'min_upvotes']);
    for (const path of ['similar', 'watch', 'unwatch']) expect(optionNames(path), path).toEqual(['id']);
    expect(optionNames('unsubscribe')).toEqual(['topic']);
    expect(optionNames('alerts')).toEqual(['mode', 'time', 'timezone']);
    expect(optionNames('digest set')).toEqual(['time', 'timezone', 'top', 'min_upvotes', 'topic', 'weekdays', 'channel', 'kind']);
    for (const path of ['digest off', 'digest show', 'digest preview']) expect(optionNames(path), path).toEqual(['kind']);
    expect(entries.find((e) => e.path === 'digest set')!.spec.options.at(-1)?.choices).toEqual(['daily', 'weekly', 'trending']);
    expect(entries.filter((e) => e.spec.admin).map((e) => e.path)).toEqual(['digest set', 'digest off']);
    expect(entries.map((e) => e.path)).toEqual([
      'search', 'today', 'paper', 'subscribe', 'unsubscribe', 'subscriptions', 'alerts',
      'digest set', 'digest off', 'digest show', 'digest preview', 'similar', 'watch', 'unwatch', 'foryou', 'like', 'dislike', 'forget-me', 'help',
    ]);
    expect(optionNames('like')).toEqual(['id']);
    expect(optionNames('dislike')).toEqual(['id']);
    // Discord confirms with a button; `confirm` is typed on text platforms only.
    expect(optionNames('forget-me')).toEqual([]);
  });

  it('has examples that the text parser accepts as that very subcommand, and that read back the same when written out', () => {
    for (const { path, spec } of entries) {
      expect(spec.examples.length, path).toBeGreaterThan(0);
      for (const example of spec.examples) {
        const parsed = parseCommandText(`/papers ${example}`);
        expect(parsed instanceof UsageError ? parsed.message : parsed.name, example).toBe(path);
        if (!(parsed instanceof UsageError)) expect(parseCommandText(formatCommandText(parsed)), example).toEqual(parsed);
      }
    }
  });

  it('declares what platforms must know ahead: slow work, suggestions, pages', () => {
    const slow = entries.filter((e) => e.spec.slow).map((e) => e.path);
    expect(slow).toEqual(['search', 'today', 'paper', 'digest preview', 'similar', 'watch']);
    const suggesting = entries.flatMap((e) => e.spec.options.filter((o) => o.autocomplete).map((o) => `${e.path} ${o.name}`));
    expect(suggesting).toEqual(['unsubscribe topic', 'digest set timezone']);
    for (const { path, spec } of entries) {
      if (!spec.pagedBy) continue;
      const page = spec.options.find((o) => o.name === spec.pagedBy);
      expect(page, path).toMatchObject({ type: 'integer', min: 1 });
      expect(page?.required, path).not.toBe(true);
    }
    expect(entries.filter((e) => e.spec.pagedBy).map((e) => e.path)).toEqual(['search']);
  });
});

describe('help', () => {
  const help = createHelp(helpEntries(papersCommand));

  it('lists every subcommand with its usage', () => {
    const text = render(help.show().blocks);
    for (const entry of entries) expect(text).toContain(`/papers ${entry.path}`);
    expect(text).toContain('/papers digest set [time] [timezone] [top] [min_upvotes] [topic] [weekdays] [channel] [daily|weekly|trending]');
    expect(text).toContain('(admins)');
    expect(text).toContain('author:"Name"');
  });

  it('explains one subcommand with its options and examples', () => {
    const text = render(help.show('digest set').blocks);
    expect(text).toContain('top: How many papers, default 10 (1–25)');
    expect(text).toContain('/papers digest set 09:00 Europe/Berlin');
    expect(text).toContain('Admins only.');
    expect(text).not.toContain('/papers search');
  });

  it('explains a whole group, and accepts a typed /papers prefix', () => {
    const text = render(help.show('/papers digest').blocks);
    for (const sub of ['set', 'off', 'show', 'preview']) expect(text).toContain(`/papers digest ${sub}`);
  });

  it('names the commands it knows when asked about another', () => {
    expect(() => help.show('frobnicate')).toThrow(/There is no \/papers frobnicate; help knows search, today/);
  });
});
