/**
 * postgres-reference: rows/s plain `pg` writes into a table shaped like the `orders` read
 * model, one transaction per batch — the ceiling of the projection benchmark. Multi-row
 * INSERT, and the faster single-statement INSERT … SELECT FROM unnest(arrays).
 */
import { benchDatabase, benchPgClient, measured, type Benchmark } from '../harness';
import { multiRowInsertRate, unnestInsertRate } from '../references/postgres-insert';

export const postgresReferenceBenchmark: Benchmark = {
  name: 'postgres-reference',
  summary: 'plain pg INSERT rows/s into an orders-shaped table: multi-row VALUES and unnest arrays',
  needs: ['postgres'],
  targets: [],
  budgetMs: 90_000,
  async run(context) {
    const parameters = { rows: context.scaled(200_000, 20_000), valuesBatch: 1_000, unnestBatch: 5_000, columns: 16, table: 'orders read model shape, primary key order_id' };
    const client = await benchPgClient(context, await benchDatabase(context));
    const values = await multiRowInsertRate(context, client, { rows: parameters.rows, batch: parameters.valuesBatch });
    const unnest = await unnestInsertRate(context, client, { rows: parameters.rows, batch: parameters.unnestBatch });
    return measured(
      [
        { label: 'multi-row INSERT', value: values, unit: 'rows/s' },
        { label: 'unnest INSERT', value: unnest, unit: 'rows/s' },
      ],
      parameters,
    );
  },
};
