/**
 * The read models' tables for a service's runtime (platform/runtime.ts's RuntimeDatabase):
 * required only when asked for, because the entity definitions load MikroORM.
 */
import type { DatabaseSchema } from '../platform/db';

export function readModelTables(): DatabaseSchema {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { migrations } = require('../read-models/migrations') as typeof import('../read-models/migrations');
  const { entities } = require('../read-models/entities') as typeof import('../read-models/entities');
  /* eslint-enable @typescript-eslint/no-require-imports */
  return { entities, migrations };
}
