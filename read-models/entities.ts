import type { EntitySchema } from '@mikro-orm/postgresql';

/** Every read-model entity, registered with MikroORM by each process that opens the database. */
export const entities: EntitySchema<any>[] = [];
