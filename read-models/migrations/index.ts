import type { MigrationObject } from '@mikro-orm/core';
import { domains } from '../../domains';
import { Migration0001Checkpoints } from './0001-checkpoints';
import { Migration0002ReadModels } from './0002-read-models';
import { Migration0003Analytics } from './0003-analytics';
import { Migration0004EventHistory } from './0004-event-history';
import { Migration0005RoomAccess } from './0005-room-access';
import { Migration0006AnalyticsPerCurrency } from './0006-analytics-per-currency';

/**
 * Released before domains owned their migrations: the checkpoints, the analytics tables and the
 * orders and chat tables; the analytics tables, owned by no domain, keep adding theirs here. Released migrations never change; add a new one instead.
 */
const releasedMigrations: readonly MigrationObject[] = [
  { name: '0001-checkpoints', class: Migration0001Checkpoints },
  { name: '0002-read-models', class: Migration0002ReadModels },
  { name: '0003-analytics', class: Migration0003Analytics },
  { name: '0004-event-history', class: Migration0004EventHistory },
  { name: '0005-room-access', class: Migration0005RoomAccess },
  { name: '0006-analytics-per-currency', class: Migration0006AnalyticsPerCurrency },
];

/** Every migration in order: the released ones, then each registered domain's (`<domain>/<NNNN>-<what>`). */
export const migrations: MigrationObject[] = [...releasedMigrations, ...domains.flatMap((domain) => domain.migrations)];
