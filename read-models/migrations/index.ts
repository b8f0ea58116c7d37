import type { MigrationObject } from '@mikro-orm/core';
import { Migration0001Checkpoints } from './0001-checkpoints';

/** Every migration in order. Released migrations never change; add a new one instead. */
export const migrations: MigrationObject[] = [{ name: '0001-checkpoints', class: Migration0001Checkpoints }];
