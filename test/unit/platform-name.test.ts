import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { checkPlatformNames, platformName } from '../../src/core/platform-name.js';

describe('platform names', () => {
  it('are open: any short lower-case name is one', () => {
    for (const name of ['discord', 'slack', 'console', 'matrix', 'ms-teams', 'irc2']) expect(platformName(name)).toBe(name);
  });

  it('refuse, in one sentence, what would not be safe as a stored value or a log field', () => {
    for (const name of ['', 'x', 'Discord', 'ms teams', '2chat', 'a'.repeat(33), "slack'); drop table people;--"]) {
      expect(() => platformName(name)).toThrow(UserError);
    }
    expect(() => platformName('MS Teams')).toThrow(/^"MS Teams" is not a platform name; use 2 to 32 lower-case letters/);
  });

  it('are one per adapter', () => {
    expect(() => checkPlatformNames(['discord', 'slack', 'console'])).not.toThrow();
    expect(() => checkPlatformNames(['discord', 'matrix', 'discord'])).toThrow('Two adapters call themselves "discord"; each platform needs its own name.');
  });
});
