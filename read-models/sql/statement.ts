/** A parameterized SQL statement as node-postgres takes it (`$1`, `$2`, … in `text`). */
export interface Statement {
  readonly text: string;
  readonly values: unknown[];
}
