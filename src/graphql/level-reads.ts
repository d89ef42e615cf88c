// The reads of one level of a request, sent to PostgreSQL as one statement. A customer list asks for
// each customer's accounts, relationship manager, segments, risk score and loyalty account: five modules,
// each with its own batched read (a DataLoader or a page per customer). Each module still builds its own
// query, with its own permission bound; here the queries that are ready at the same moment (before the
// event loop turns) are sent together as the columns of one row, each part's rows as a JSON array:
//
//   select (select coalesce(json_agg(q), '[]') from (<accounts>) q) as p0,
//          (select coalesce(json_agg(q), '[]') from (<segments>) q) as p1, ...
//
// so that a request costs one statement per nested level, not one per module. A part's rows come as JSON
// values: timestamps and dates as ISO strings, numbers as numbers. A module casts a bigint it needs exact
// (money in minor units) to text in its query, as it would for the driver. A part keeps its own order:
// json_agg reads its subquery in the order the subquery sorted. If the statement fails, every part fails
// with it.
import type { Knex } from '@mikro-orm/postgresql';
import { type Context, reader } from './context';

type Row = Record<string, unknown>;

interface Part {
  query: Knex.QueryBuilder;
  resolve(rows: Row[]): void;
  reject(err: unknown): void;
}

class LevelBatch {
  private pending: Part[] = [];
  constructor(private readonly ctx: Context) {}

  read(query: Knex.QueryBuilder): Promise<Row[]> {
    return new Promise((resolve, reject) => {
      this.pending.push({ query, resolve, reject });
      // DataLoaders dispatch their batches in the microtask and next-tick queues of the turn their keys
      // were asked in; setImmediate runs after all of them, so the whole level is here by then.
      if (this.pending.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const parts = this.pending;
    this.pending = [];
    try {
      const knex = reader(this.ctx);
      const columns = parts.map((p, i) => knex.raw(`(select coalesce(json_agg(q), '[]'::json) from ? as q) as p${i}`, [p.query]));
      const [row] = (await knex.select(columns)) as Record<string, Row[]>[];
      parts.forEach((p, i) => p.resolve(row[`p${i}`]));
    } catch (err) {
      for (const p of parts) p.reject(err);
    }
  }
}

const LEVEL = {};

/**
 * The rows of `query`, read in one statement with the other reads of the same request level. Rows are
 * JSON values (see above); `query` must name its columns uniquely.
 */
export function levelRows<R = Row>(ctx: Context, query: Knex.QueryBuilder): Promise<R[]> {
  return ctx.memo(LEVEL, () => new LevelBatch(ctx)).read(query) as Promise<R[]>;
}
