/**
 * The deployment files, checked without a Docker engine or systemd: the Dockerfile's shape, and its
 * CMD and HEALTHCHECK run as they are from the built checkout (the image's /app has the same
 * layout) against the fake Hugging Face; compose.yaml parses, runs two replicas on its PostgreSQL,
 * and names only variables Paperboy reads; the systemd unit restarts on failure and is hardened.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../../src/config.js';
import { freePort } from '../fakes/slack-harness.js';
import { useFixtureWorld } from '../helpers/fixture-world.js';
import { backfillTo, REPO } from '../helpers/run-cli.js';

interface Instruction {
  readonly name: string;
  readonly args: string;
}

/** Dockerfile instructions, continuation lines joined and comments left out. */
function dockerfile(): Instruction[] {
  const text = readFileSync(join(REPO, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [name = '', ...rest] = line.split(/\s+/);
      return { name: name.toUpperCase(), args: rest.join(' ') };
    });
}

/** The exec form (`["node", "bin/paperboy", "start"]`) of a CMD, after any options. */
function execForm(args: string): string[] {
  return JSON.parse(args.slice(args.indexOf('['))) as string[];
}

/** ENV lines as a record (`ENV A=1 B=2`). */
function envOf(instructions: readonly Instruction[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { args } of instructions.filter((i) => i.name === 'ENV')) {
    for (const pair of args.split(/\s+/)) {
      const [key = '', value = ''] = pair.split('=');
      env[key] = value;
    }
  }
  return env;
}

describe('Dockerfile', () => {
  const instructions = dockerfile();
  const stages = instructions.map((i, index) => ({ ...i, index })).filter((i) => i.name === 'FROM');
  const runtime = instructions.slice(stages.at(-1)?.index ?? 0);

  it('builds in one Node 20 slim stage and runs in another, with production dependencies only', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.args).toMatch(/^node:20-slim\b/);
    const build = instructions.slice(0, stages.at(-1)?.index);
    expect(build.some((i) => i.name === 'RUN' && /npm prune --omit=dev|npm ci --omit=dev/.test(i.args))).toBe(true);
    expect(runtime.filter((i) => i.name === 'RUN').map((i) => i.args).join(' ')).not.toMatch(/npm (ci|install)/);
    // What the run stage copies out of the build exists in a built checkout.
    for (const copy of runtime.filter((i) => i.name === 'COPY')) {
      expect(copy.args).toMatch(/^--from=build /);
      const from = copy.args.split(/\s+/)[1]!.replace(/^\/app\/?/, '');
      expect(existsSync(join(REPO, from)), from).toBe(true);
    }
  });

  it('runs as a user without privileges, keeps the database in the /data volume, and checks /readyz', () => {
    const user = runtime.filter((i) => i.name === 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(runtime.find((i) => i.name === 'VOLUME')?.args).toMatch(/"\/data"/);
    expect(envOf(runtime).DATABASE_URL).toMatch(/^\/data\//);
    expect(runtime.find((i) => i.name === 'HEALTHCHECK')?.args).toMatch(/\/readyz/);
    for (const name of Object.keys(envOf(runtime)).filter((n) => n !== 'NODE_ENV')) expect(CONFIG_VARIABLES).toContain(name);
  });

  describe('its command, run directly', () => {
    const world = useFixtureWorld();

    it('starts Paperboy, which the HEALTHCHECK then finds ready, and stops on SIGTERM', async () => {
      const [command = '', ...args] = execForm(runtime.find((i) => i.name === 'CMD')!.args);
      expect([command, ...args]).toEqual(['bin/paperboy', 'start']);
      const port = String(await freePort());
      // The image's environment, with the database in a scratch folder instead of /data.
      const env = {
        PATH: process.env.PATH ?? '',
        ...envOf(runtime),
        DATABASE_URL: world.tmp.db,
        HTTP_PORT: port,
        HF_API_URL: world.hf.url,
        BACKFILL_DAYS: backfillTo('2026-06-01'),
        LOG_LEVEL: 'info',
      };
      // Run as the image runs it: the file itself, whose first line starts node with its flags.
      const bot = spawn(join(REPO, command), args, { cwd: REPO, env: { ...env, PATH: `${dirname(process.execPath)}:${env.PATH}` }, stdio: ['pipe', 'ignore', 'pipe'] });
      let stderr = '';
      bot.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      try {
        const [probe, ...probeArgs] = execForm(runtime.find((i) => i.name === 'HEALTHCHECK')!.args);
        expect(probe).toBe('node');
        const healthcheck = () => spawnSync(process.execPath, probeArgs, { env, timeout: 10_000 }).status;
        await vi.waitFor(() => expect(stderr).toMatch(/HTTP endpoints listening/), { timeout: 30_000, interval: 100 });
        await vi.waitFor(() => expect(healthcheck()).toBe(0), { timeout: 30_000, interval: 250 });
        await vi.waitFor(() => expect(stderr).toMatch(/Paperboy is running/), { timeout: 30_000, interval: 100 });
        // The C library's setting and V8's flag for a long-running process (bin/paperboy says why) reach it.
        expect(readFileSync(`/proc/${bot.pid!}/environ`, 'utf8').split('\0')).toContain('GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072');
        expect(readFileSync(`/proc/${bot.pid!}/cmdline`, 'utf8').split('\0')).toContain('--no-use-osr');
        const exited = new Promise<number | null>((done) => bot.on('close', (code) => done(code)));
        bot.kill('SIGTERM');
        expect(await exited).toBe(0);
        expect(healthcheck()).toBe(1);
      } finally {
        if (bot.exitCode === null) bot.kill('SIGKILL');
      }
    }, 60_000);
  });
});

describe('compose.yaml', () => {
  interface Service {
    image?: string;
    build?: unknown;
    environment?: Record<string, string>;
    deploy?: { replicas?: number };
    depends_on?: Record<string, { condition?: string }>;
  }
  const compose = parseYaml(readFileSync(join(REPO, 'compose.yaml'), 'utf8')) as { services: Record<string, Service> };
  const services = Object.entries(compose.services);
  const paperboys = services.filter(([, s]) => s.build !== undefined);
  const postgres = services.find(([, s]) => s.image?.startsWith('postgres:'));

  it('runs two Paperboy replicas on its PostgreSQL, started once the database is healthy', () => {
    expect(postgres).toBeDefined();
    const [postgresName] = postgres!;
    expect(paperboys.reduce((sum, [, s]) => sum + (s.deploy?.replicas ?? 1), 0)).toBe(2);
    for (const [, service] of paperboys) {
      expect(service.environment?.DATABASE_URL).toMatch(new RegExp(`^postgres://[^@]+@${postgresName}:5432/`));
      expect(service.depends_on?.[postgresName]?.condition).toBe('service_healthy');
      expect(service.environment?.HTTP_PORT).toBeDefined();
    }
  });

  it('gives Paperboy only variables it reads, and a configuration it accepts', () => {
    for (const [, service] of paperboys) {
      for (const name of Object.keys(service.environment ?? {})) expect(CONFIG_VARIABLES, name).toContain(name);
      // Compose fills in ${VAR} and ${VAR:-default} from its .env; with sample values, Paperboy starts.
      const sample: Record<string, string> = { POSTGRES_PASSWORD: 'secret', DISCORD_TOKEN: 'a-discord-bot-token' };
      const env = Object.fromEntries(
        Object.entries(service.environment ?? {}).map(([key, value]) => [
          key,
          String(value).replace(/\$\{(\w+)(?::?[-?][^}]*)?\}/g, (whole, name: string) => sample[name] ?? /:-([^}]*)\}$/.exec(whole)?.[1] ?? ''),
        ]),
      );
      const config = loadConfig(env);
      expect(config.DATABASE_URL).toBe('postgres://paperboy:secret@postgres:5432/paperboy');
      expect(config.HTTP_PORT).toBe(9464);
    }
  });
});

describe('deploy/paperboy.service', () => {
  const sections = new Map<string, [string, string][]>();
  let current = '';
  for (const raw of readFileSync(join(REPO, 'deploy/paperboy.service'), 'utf8').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      current = header[1]!;
      sections.set(current, []);
      continue;
    }
    const at = line.indexOf('=');
    sections.get(current)?.push([line.slice(0, at), line.slice(at + 1)]);
  }
  const service = sections.get('Service') ?? [];
  const value = (key: string) => service.filter(([k]) => k === key).map(([, v]) => v);

  it('starts `paperboy start` as its own user and restarts it when it fails', () => {
    expect(value('ExecStart')[0]).toMatch(/^\/\S+\/bin\/paperboy start$/);
    expect(value('Restart')).toEqual(['on-failure']);
    expect(value('User')[0]).toBeDefined();
    expect(value('User')[0]).not.toBe('root');
    expect(sections.get('Install')).toContainEqual(['WantedBy', 'multi-user.target']);
  });

  it('is hardened, with the database in its only writable folder', () => {
    for (const [key, expected] of [
      ['NoNewPrivileges', 'yes'],
      ['ProtectSystem', 'strict'],
      ['ProtectHome', 'yes'],
      ['PrivateTmp', 'yes'],
      ['PrivateDevices', 'yes'],
      ['ProtectKernelTunables', 'yes'],
      ['ProtectKernelModules', 'yes'],
      ['ProtectControlGroups', 'yes'],
      ['RestrictNamespaces', 'yes'],
      ['LockPersonality', 'yes'],
      ['CapabilityBoundingSet', ''],
    ] as const) {
      expect(value(key), key).toEqual([expected]);
    }
    expect(value('RestrictAddressFamilies')[0]).toMatch(/AF_INET AF_INET6/);
    const state = value('StateDirectory')[0];
    const env = Object.fromEntries(value('Environment').map((pair) => pair.split('=', 2) as [string, string]));
    expect(env.DATABASE_URL).toBe(`/var/lib/${state}/paperboy.sqlite`);
    for (const name of Object.keys(env).filter((n) => n !== 'NODE_ENV')) expect(CONFIG_VARIABLES).toContain(name);
  });

  it('passes systemd-analyze verify where systemd is installed', (context) => {
    // verify also checks that ExecStart's program exists: the unit as installed from this checkout.
    const installed = join(mkdtempSync(join(tmpdir(), 'paperboy-unit-')), 'paperboy.service');
    writeFileSync(installed, readFileSync(join(REPO, 'deploy/paperboy.service'), 'utf8').replaceAll('/opt/paperboy', REPO));
    const check = spawnSync('systemd-analyze', ['verify', installed], { encoding: 'utf8' });
    if (check.error) return context.skip('systemd-analyze is not installed here');
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});
