/** A parameterized SQL statement as node-postgres takes it (`$1`, `$2`, … in `text`). */
export interface Statement {
  readonly text: string;
  readonly values: unknown[];
}

/** PostgreSQL's limit on bind parameters in one statement (a 16-bit count in the protocol). */
export const MAX_BIND_PARAMETERS = 65_535;
