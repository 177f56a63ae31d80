/**
 * `npm run build`, second step: bundles the compiled CLI (dist/src/cli.js) into dist/bundle, one
 * module plus chunks loaded on demand (the Discord and Slack adapters). Node 20 has no compile
 * cache and resolves, reads and compiles each ES module of dist/ and its libraries one by one; one
 * bundle spares most of that on every start (docs/decisions/0012-measured-choices.md). bin/paperboy
 * runs it while no later `tsc` build has left it behind.
 */
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry content hashes: without this, every build would leave the last one's behind.
rmSync('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: ['dist/src/cli.js'],
  outdir: 'dist/bundle',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // A native addon, the two chat SDKs (loaded only when their tokens are set) and the PostgreSQL
  // driver (loaded only for a postgres:// DATABASE_URL; it looks for an optional native build) stay in node_modules.
  external: ['better-sqlite3', 'discord.js', '@slack/bolt', 'pg'],
  // CommonJS libraries inside an ES module bundle still call require() for Node's built-ins.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  logLevel: 'warning',
});
