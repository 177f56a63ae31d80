import type { Migration } from 'kysely';
import * as initial from './0001-initial.js';
import * as platformState from './0002-platform-state.js';
import * as deliveryClaims from './0003-delivery-claims.js';
import * as papersVersion from './0004-papers-version.js';
import * as bulkPaperInserts from './0005-bulk-paper-inserts.js';
import * as paperChanges from './0006-paper-changes.js';
import * as searchOnItsOwn from './0007-search-on-its-own.js';
import * as openPlatforms from './0009-open-platforms.js';
import * as digestKinds from './0010-digest-kinds.js';
import * as milestones from './0011-milestones.js';
import * as installations from './0012-installations.js';
import * as peopleWorkspace from './0013-people-workspace.js';
import * as feedback from './0016-feedback.js';

/** Every migration, in order. Names sort in application order; append, never rename. */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001-initial': initial,
  '0002-platform-state': platformState,
  '0003-delivery-claims': deliveryClaims,
  '0004-papers-version': papersVersion,
  '0005-bulk-paper-inserts': bulkPaperInserts,
  '0006-paper-changes': paperChanges,
  '0007-search-on-its-own': searchOnItsOwn,
  '0009-open-platforms': openPlatforms,
  '0010-digest-kinds': digestKinds,
  '0011-milestones': milestones,
  '0012-installations': installations,
  '0013-people-workspace': peopleWorkspace,
  '0016-feedback': feedback,
};
