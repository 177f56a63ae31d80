/**
 * A replica that loses its database for ten seconds (a TCP proxy in front of PostgreSQL, cut and
 * restored): it says so, keeps answering searches from its in-memory index, reconnects by itself,
 * and afterwards holds what another replica wrote meanwhile.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/core/query/parse.js';
import { createStore, openDatabase, type Store } from '../../src/store/index.js';
import { proxyDatabase } from '../fakes/tcp-proxy.js';
import { eachEngine } from '../helpers/engines.js';
import { numberedPaper as paper } from '../helpers/numbered-paper.js';
import { eventually } from '../faults/support/world.js';

const AT = new Date('2026-06-08T07:00:00Z');
const OUTAGE_MS = 10_000;
const PAGE = { limit: 10, offset: 0 };


eachEngine((engine) => describe('a replica that loses its database for a while', () => {
  const opened: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const closing of opened.splice(0)) await closing.close();
  });

  it.runIf(engine.name === 'postgres')('logs it, answers searches from its index, reconnects and then holds what was written meanwhile', async () => {
    const direct = await engine.url();
    const { proxy, url: through } = await proxyDatabase(direct);
    opened.push(proxy);
    const dropped: Error[] = [];
    const indexErrors: unknown[] = [];
    const replica: Store = createStore(openDatabase(through, { onConnectionError: (error) => dropped.push(error) }), {
      onSearchIndexError: (error) => indexErrors.push(error),
    });
    const other: Store = createStore(openDatabase(direct));
    opened.push(replica, other);

    await other.papers.upsert([paper(1), paper(2)], 'daily', AT);
    replica.searchIndex.start();
    const query = parseQuery('sparse');
    expect((await replica.papers.search(query, PAGE)).hits.map((h) => h.paper.id)).toEqual([paper(2).id, paper(1).id]);

    proxy.cut();
    // The pool's idle connections are dropped under it: told, not an unhandled error.
    await eventually(async () => dropped.length > 0, 10_000, 'the dropped connections told');
    // Searches asked before are answered (the papers of their answers are kept); the rest waits.
    expect((await replica.papers.search(query, PAGE)).hits.map((h) => h.paper.id)).toEqual([paper(2).id, paper(1).id]);
    expect((await replica.searchIndex.rank(parseQuery('quadratic'), PAGE)).hits.map((h) => h.id)).toEqual([paper(2).id, paper(1).id]);
    await expect(replica.papers.count()).rejects.toThrow();
    await other.papers.upsert([paper(3)], 'daily', AT);
    await sleep(OUTAGE_MS);
    // The index could not follow the log meanwhile, and said so once, not every second.
    expect(indexErrors).toHaveLength(1);

    proxy.restore();
    expect(await replica.papers.count()).toBe(3);
    await eventually(async () => replica.searchIndex.stats()?.papers === 3, 10_000, 'the paper written during the outage indexed');
    expect((await replica.papers.search(query, PAGE)).hits.map((h) => h.paper.id)).toEqual([paper(3).id, paper(2).id, paper(1).id]);
  }, 60_000);
}));
