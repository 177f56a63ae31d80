import { describe, expect, it } from 'vitest';
import { formatUsageError, parseCommandText } from '../../commands/parse-text.js';
import { UsageError } from '../../src/core/errors.js';
import type { ParsedCommand } from '../../commands/types.js';

function ok(text: string): ParsedCommand {
  const result = parseCommandText(text);
  if (result instanceof UsageError) throw new Error(`expected a command from ${text}, got: ${formatUsageError(result)}`);
  return result;
}

function bad(text: string): UsageError {
  const result = parseCommandText(text);
  if (!(result instanceof UsageError)) throw new Error(`expected a usage error from ${text}, got ${JSON.stringify(result)}`);
  return result;
}

describe('parseCommandText', () => {
  it('accepts the command with or without /papers', () => {
    expect(ok('/papers today')).toEqual({ name: 'today', options: {} });
    expect(ok('today')).toEqual({ name: 'today', options: {} });
    expect(ok('  /PAPERS   Subscriptions ')).toEqual({ name: 'subscriptions', options: {} });
    expect(ok('/papers')).toEqual({ name: 'help', options: {} });
  });

  it('keeps a search query verbatim, quotes, exclusions and author: included', () => {
    expect(ok('/papers search "state space" -mamba author:"Tri Dao"')).toEqual({
      name: 'search',
      options: { query: '"state space" -mamba author:"Tri Dao"' },
    });
    expect(ok('search  diffusion   OR  "flow matching" ').options.query).toBe('diffusion   OR  "flow matching"');
  });

  it("pulls the subcommand's own named options out of the rest of the line", () => {
    expect(ok('search diffusion page:2 -video')).toEqual({ name: 'search', options: { query: 'diffusion -video', page: 2 } });
    expect(ok('search page:3 speculative decoding')).toEqual({
      name: 'search',
      options: { query: 'speculative decoding', page: 3 },
    });
    expect(ok('search query:"state space"')).toEqual({ name: 'search', options: { query: 'state space' } });
  });

  it('fills options positionally, in order', () => {
    expect(ok('alerts daily 08:00 Europe/Berlin')).toEqual({
      name: 'alerts',
      options: { mode: 'daily', time: '08:00', timezone: 'Europe/Berlin' },
    });
    expect(ok('/papers digest set 09:00 Europe/Berlin 5 10')).toEqual({
      name: 'digest set',
      options: { time: '09:00', timezone: 'Europe/Berlin', top: 5, min_upvotes: 10 },
    });
  });

  it('reads name:value in any order, with quoted values, mixed with positions', () => {
    expect(ok('digest set top:5 topic:"diffusion distillation" 07:30 weekdays:mon,wed,fri')).toEqual({
      name: 'digest set',
      options: { top: 5, topic: 'diffusion distillation', time: '07:30', weekdays: 'mon,wed,fri' },
    });
    expect(ok('digest set topic:author:"Tri Dao"').options.topic).toBe('author:"Tri Dao"');
    expect(ok('subscribe topic:"diffusion distillation"').options.topic).toBe('diffusion distillation');
    expect(ok('alerts MODE:Daily time:8:15').options).toEqual({ mode: 'daily', time: '8:15' });
  });

  it('turns curly quotes into straight ones', () => {
    expect(ok('subscribe \u201cspeculative decoding\u201d').options.topic).toBe('"speculative decoding"');
  });

  it('reads Slack and Discord channel mentions as channel ids', () => {
    expect(ok('digest set channel:<#C0123|papers>').options.channel).toBe('C0123');
    expect(ok('digest set channel:<#998877>').options.channel).toBe('998877');
  });

  it('keeps links whole, though they contain a colon', () => {
    expect(ok('paper https://huggingface.co/papers/2606.01234').options.id).toBe('https://huggingface.co/papers/2606.01234');
  });

  it('validates integers and choices, with the usage line', () => {
    const top = bad('digest set top:lots');
    expect(top.message).toBe('top must be a whole number, e.g. top:10.');
    expect(top.usage).toBe(
      '/papers digest set [time] [timezone] [top] [min_upvotes] [topic] [weekdays] [channel] [daily|weekly|trending]',
    );
    expect(bad('digest set top:40').message).toBe('top must be from 1 to 25, e.g. top:10.');
    expect(bad('search x page:0').message).toMatch(/page must be 1 or more/);
    const mode = bad('alerts sometimes');
    expect(mode.message).toBe('mode must be one of instant, daily, off, foryou; "sometimes" is not.');
    expect(mode.usage).toBe('/papers alerts <instant|daily|off|foryou> [time] [timezone]');
  });

  it('names an unknown subcommand and shows the closest usage', () => {
    const typo = bad('/papers serch diffusion');
    expect(typo.message).toBe('There is no /papers serch; did you mean search?');
    expect(typo.usage).toBe('/papers search <query> [page:N]');
    expect(bad('frobnicate').message).toBe('There is no /papers frobnicate; /papers help lists them all.');
    const group = bad('digest');
    expect(group.message).toBe('/papers digest needs one more word; use one of set, off, show, preview.');
    expect(group.usage).toMatch(/^\/papers digest /);
    expect(bad('digest shw').usage).toBe('/papers digest show [daily|weekly|trending]');
  });

  it('names an unknown option and what was probably meant', () => {
    expect(bad('digest set tpo:5').message).toBe('/papers digest set has no option tpo; did you mean top?');
    expect(bad('digest set author:"Tri Dao"').message).toMatch(/put it inside the topic, e.g. topic:author:/);
    expect(bad('today please').message).toBe('/papers today does not take "please"; it takes no options.');
    expect(bad('alerts daily 08:00 UTC extra').message).toMatch(/does not take "extra"; it takes mode, time, timezone/);
  });

  it('asks for a missing required option with an example', () => {
    const missing = bad('/papers search');
    expect(missing.message).toBe('/papers search needs a query, e.g. /papers search state space models.');
    // Not an option of subscribe, so it is the topic's text; the query parser judges it.
    expect(ok('subscribe page:2').options.topic).toBe('page:2');
  });

  it('refuses the same option twice', () => {
    expect(bad('digest set top:5 top:6').message).toBe('top is given twice; keep one.');
  });

  it('formats an error as the sentence and a usage line', () => {
    expect(formatUsageError(bad('alerts'))).toBe(
      '/papers alerts needs a mode, e.g. /papers alerts instant.\nUsage: /papers alerts <instant|daily|off|foryou> [time] [timezone]',
    );
  });
});
