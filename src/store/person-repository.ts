import type { Selectable } from 'kysely';
import type { AlertMode, AlertPrefs, Clock, ForYouMode, PersonRef, PersonRepository } from '../core/ports.js';
import type { Database, PeopleTable } from './schema.js';

/** What a person who never set anything gets. */
export const DEFAULT_ALERT_PREFS: AlertPrefs = { mode: 'instant', time: '09:00', timezone: 'UTC', forYou: 'off' };

type PersonChanges = Partial<Pick<PeopleTable, 'alert_mode' | 'alert_time' | 'timezone' | 'dm_channel_id' | 'unreachable_since' | 'unreachable_reason' | 'workspace_id'>> & {
  foryou?: ForYouMode;
};

export function createPersonRepository(db: Database, clock: Clock = { now: () => new Date() }): PersonRepository {
  const find = (person: PersonRef) =>
    db
      .selectFrom('people')
      .selectAll()
      .where('platform', '=', person.platform)
      .where('user_id', '=', person.userId)
      .executeTakeFirst();

  /** Inserts the person with defaults plus `changes`, or applies `changes` to the known row. */
  const save = async (person: PersonRef, changes: PersonChanges, at = clock.now()) => {
    const now = at.toISOString();
    await db
      .insertInto('people')
      .values({
        platform: person.platform,
        user_id: person.userId,
        alert_mode: DEFAULT_ALERT_PREFS.mode,
        alert_time: DEFAULT_ALERT_PREFS.time,
        timezone: DEFAULT_ALERT_PREFS.timezone,
        ...changes,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(['platform', 'user_id']).doUpdateSet({ ...changes, updated_at: now }))
      .execute();
  };

  return {
    async prefs(person) {
      const row = await find(person);
      return row ? toPrefs(row) : DEFAULT_ALERT_PREFS;
    },

    async setAlertMode(person, mode: AlertMode, time?: string, timezone?: string) {
      const changes: PersonChanges = { alert_mode: mode };
      if (time !== undefined) changes.alert_time = time;
      if (timezone !== undefined) changes.timezone = timezone;
      await save(person, changes);
      const row = await find(person);
      return row ? toPrefs(row) : DEFAULT_ALERT_PREFS;
    },

    async setForYou(person, mode) {
      await save(person, { foryou: mode });
      const row = await find(person);
      return row ? toPrefs(row) : DEFAULT_ALERT_PREFS;
    },

    async forYouPeople() {
      const rows = await db.selectFrom('people').select(['platform', 'user_id']).where('foryou', '=', 'weekly').orderBy('platform').orderBy('user_id').execute();
      return rows.map((row) => ({ platform: row.platform, userId: row.user_id }));
    },

    async markUnreachable(person, reason, at) {
      await save(person, { unreachable_since: at.toISOString(), unreachable_reason: reason }, at);
    },

    async markReachable(person) {
      // An update, not an upsert: this runs on every command and most people were never unreachable.
      await db
        .updateTable('people')
        .set({ unreachable_since: null, unreachable_reason: null, updated_at: clock.now().toISOString() })
        .where('platform', '=', person.platform)
        .where('user_id', '=', person.userId)
        .where('unreachable_since', 'is not', null)
        .execute();
    },

    async setDmChannel(person, channelId) {
      await save(person, { dm_channel_id: channelId });
    },

    async setWorkspace(person, workspaceId) {
      const known = await find(person);
      if (known?.workspace_id !== workspaceId) await save(person, { workspace_id: workspaceId });
    },
  };
}

function toPrefs(row: Selectable<PeopleTable>): AlertPrefs {
  return {
    mode: row.alert_mode,
    time: row.alert_time,
    timezone: row.timezone,
    unreachableSince: row.unreachable_since ?? undefined,
    unreachableReason: row.unreachable_reason ?? undefined,
    dmChannelId: row.dm_channel_id ?? undefined,
    forYou: row.foryou,
    workspaceId: row.workspace_id ?? undefined,
  };
}
