/** Reading option values inside handlers; the parser (or Discord) has already checked their types. */
import type { OptionValues } from './types.js';

export function stringOption(options: OptionValues, name: string): string | undefined {
  const value = options[name];
  return value === undefined ? undefined : String(value);
}

export function integerOption(options: OptionValues, name: string): number | undefined {
  const value = options[name];
  if (typeof value === 'number') return value;
  return value !== undefined && /^-?\d+$/.test(value.trim()) ? Number(value) : undefined;
}
