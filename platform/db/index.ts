export { createOrm, migrate, type DatabaseSchema, type Orm, type OrmOptions } from './orm';
export { postgresConnection, type PostgresConnection } from './connection';
export { databaseSslMode, type DatabaseSslMode } from './ssl-mode';
