/**
 * Installations in many workspaces, their secrets sealed with TOKEN_ENCRYPTION_KEY. A removal and a
 * new install each change three tables in one write transaction: the installation, the
 * workspace's digest targets and its people (only what a removal paused is resumed).
 */
import type { Selectable } from 'kysely';
import { PAUSED_PREFIX, type InstallationRecord, type InstallationRepository } from '../core/ports.js';
import type { Database, InstallationsTable } from './schema.js';
import type { TokenCipher } from './token-cipher.js';
import { writeTransaction } from './transaction.js';

export const NO_KEY = 'TOKEN_ENCRYPTION_KEY is not set; stored workspace tokens need it (32 random bytes, base64: openssl rand -base64 32).';

export function createInstallationRepository(db: Database, cipher: TokenCipher | undefined): InstallationRepository {
  const sealer = (): TokenCipher => {
    if (!cipher) throw new Error(NO_KEY);
    return cipher;
  };
  /** The additional data a secret is sealed with: its row. */
  const bound = (platform: string, workspaceId: string) => `${platform}:${workspaceId}`;

  return {
    async save(installation, secret, at) {
      const { platform, workspaceId } = installation;
      const sealed = sealer().seal(secret, bound(platform, workspaceId));
      const now = at.toISOString();
      const columns = {
        team_id: installation.teamId ?? null,
        enterprise_id: installation.enterpriseId ?? null,
        org_wide: installation.orgWide ? 1 : 0,
        secret: sealed,
        installed_at: now,
        removed_at: null,
        removed_reason: null,
      };
      return writeTransaction(db, async (trx) => {
        await trx
          .insertInto('installations')
          .values({ platform, workspace_id: workspaceId, ...columns })
          .onConflict((oc) => oc.columns(['platform', 'workspace_id']).doUpdateSet(columns))
          .execute();
        const targets = await trx
          .updateTable('digest_targets')
          .set({ enabled: 1, disabled_reason: null, updated_at: now })
          .where('platform', '=', platform)
          .where('workspace_id', '=', workspaceId)
          .where('enabled', '=', 0)
          .where('disabled_reason', 'like', `${PAUSED_PREFIX}%`)
          .executeTakeFirst();
        const people = await trx
          .updateTable('people')
          .set({ unreachable_since: null, unreachable_reason: null, updated_at: now })
          .where('platform', '=', platform)
          .where('workspace_id', '=', workspaceId)
          .where('unreachable_reason', 'like', `${PAUSED_PREFIX}%`)
          .executeTakeFirst();
        return { targets: Number(targets.numUpdatedRows), people: Number(people.numUpdatedRows) };
      });
    },

    async secret(platform, workspaceId) {
      const row = await db
        .selectFrom('installations')
        .select('secret')
        .where('platform', '=', platform)
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirst();
      return row?.secret ? sealer().open(row.secret, bound(platform, workspaceId)) : undefined;
    },

    async remove(platform, workspaceId, reason, at) {
      const now = at.toISOString();
      const paused = reason.startsWith(PAUSED_PREFIX) ? reason : `${PAUSED_PREFIX}${reason}`;
      return writeTransaction(db, async (trx) => {
        await trx
          .updateTable('installations')
          .set({ secret: null, removed_at: now, removed_reason: reason })
          .where('platform', '=', platform)
          .where('workspace_id', '=', workspaceId)
          .execute();
        const targets = await trx
          .updateTable('digest_targets')
          .set({ enabled: 0, disabled_reason: paused, updated_at: now })
          .where('platform', '=', platform)
          .where('workspace_id', '=', workspaceId)
          .where('enabled', '=', 1)
          .executeTakeFirst();
        const people = await trx
          .updateTable('people')
          .set({ unreachable_since: now, unreachable_reason: paused, updated_at: now })
          .where('platform', '=', platform)
          .where('workspace_id', '=', workspaceId)
          .where('unreachable_since', 'is', null)
          .executeTakeFirst();
        return { targets: Number(targets.numUpdatedRows), people: Number(people.numUpdatedRows) };
      });
    },

    async list() {
      const rows = await db.selectFrom('installations').selectAll().orderBy('platform').orderBy('workspace_id').execute();
      return rows.map(toRecord);
    },
  };
}

function toRecord(row: Selectable<InstallationsTable>): InstallationRecord {
  return {
    platform: row.platform,
    workspaceId: row.workspace_id,
    teamId: row.team_id ?? undefined,
    enterpriseId: row.enterprise_id ?? undefined,
    orgWide: row.org_wide === 1,
    installedAt: row.installed_at,
    removedAt: row.removed_at ?? undefined,
    removedReason: row.removed_reason ?? undefined,
  };
}
