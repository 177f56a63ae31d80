/**
 * Platform names are open (ports.ts `Platform`), so they are checked where they enter: the name an
 * adapter gives itself. The rule keeps a name safe as a database value, a log field and part of a
 * delivery key: lower-case letters, digits and dashes, starting with a letter.
 */
import { UserError } from './errors.js';
import type { Platform } from './ports.js';

const NAME = /^[a-z][a-z0-9-]{1,31}$/;

export function platformName(name: string): Platform {
  if (!NAME.test(name)) {
    throw new UserError(`"${name}" is not a platform name; use 2 to 32 lower-case letters, digits or dashes, starting with a letter (e.g. matrix).`);
  }
  return name;
}

/** Refuses a set of adapters unless each name is valid and none is taken twice. */
export function checkPlatformNames(names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names.map(platformName)) {
    if (seen.has(name)) throw new UserError(`Two adapters call themselves "${name}"; each platform needs its own name.`);
    seen.add(name);
  }
}
