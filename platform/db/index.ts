export { createOrm, migrate, type Orm, type OrmOptions } from './orm';
