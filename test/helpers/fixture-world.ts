/** The fake Hugging Face on our fixtures and a scratch folder, for the tests of one file or block. */
import { afterAll, beforeAll } from 'vitest';
import { startFakeHuggingFace, type FakeHuggingFace } from '../fakes/hf-server.js';
import { FIXTURES, scratch } from './run-cli.js';

export interface FixtureWorld {
  readonly hf: FakeHuggingFace;
  readonly tmp: ReturnType<typeof scratch>;
}

/** Starts both before the tests of the enclosing block and removes them after; read them inside tests. */
export function useFixtureWorld(): FixtureWorld {
  let hf: FakeHuggingFace | undefined;
  let tmp: ReturnType<typeof scratch> | undefined;
  beforeAll(async () => {
    hf = await startFakeHuggingFace({ dir: FIXTURES });
    tmp = scratch();
  });
  afterAll(async () => {
    await hf?.close();
    tmp?.cleanup();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The fixture world is read before its beforeAll ran.');
    return value;
  };
  return {
    get hf() {
      return ready(hf);
    },
    get tmp() {
      return ready(tmp);
    },
  };
}
