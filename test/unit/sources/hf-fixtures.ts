import { readFileSync } from 'node:fs';

/** Reads one of our own fixtures from test/fixtures/hf. */
export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../fixtures/hf/${name}`, import.meta.url), 'utf8')) as unknown;
}
