import type { EntitySchema } from '@mikro-orm/postgresql';
import { readModels } from './registry';

/** Every read-model entity, registered with MikroORM by each process that opens the database. */
export const entities: EntitySchema<any>[] = readModels.map((model) => model.entity);
