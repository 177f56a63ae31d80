import { Migrator, type MigrationResultSet } from 'kysely';
import { UserError } from '../core/errors.js';
import { migrations } from '../../migrations/index.js';
import { engineOf } from './engine/engine.js';
import type { Database } from './schema.js';

function createMigrator(db: Database): Migrator {
  // A fixed record instead of a folder scan: the code runs from dist/ and from vitest alike.
  return new Migrator({ db, provider: { getMigrations: async () => ({ ...migrations }) } });
}

/**
 * Applies pending migrations; returns the names applied, in order. Replicas that start together
 * take turns (the `migrate` lock): the first applies them, the others wait and find nothing left.
 */
export async function migrateToLatest(db: Database): Promise<string[]> {
  return migrateAlone(db, () => createMigrator(db).migrateToLatest());
}

/** Reverts the most recent migration; returns its name (none when nothing was applied). */
export async function migrateDown(db: Database): Promise<string[]> {
  return migrateAlone(db, () => createMigrator(db).migrateDown());
}

/** Migrations this version knows that the database has not applied, in order. */
export async function pendingMigrations(db: Database): Promise<string[]> {
  const known = await createMigrator(db).getMigrations();
  return known.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

async function migrateAlone(db: Database, migrate: () => Promise<MigrationResultSet>): Promise<string[]> {
  // Kysely locks the migrations themselves, but only after creating its bookkeeping tables, which
  // replicas starting on an empty database would race to create; this lock covers the whole run.
  const done = await engineOf(db).exclusively('migrate', { wait: true }, migrate);
  if (!done.ran) throw new Error('The migration lock was not taken.');
  return applied(done.value);
}

function applied({ error, results }: MigrationResultSet): string[] {
  if (error) {
    // The database could not be reached at all: its own sentence says so.
    if (error instanceof UserError) throw error;
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`Migration ${failed ?? '(setup)'} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
