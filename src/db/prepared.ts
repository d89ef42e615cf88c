// Hot reads as named prepared statements. PostgreSQL parses and plans an unnamed statement every time it
// is sent; a statement sent again and again under one name is parsed once per connection, and its plan
// can be reused. Keel's read SQL has stable text (keys are bound as one array, see sql.ts), so a text seen
// twice is named (a hash of the text) from then on. Bounded: at most MAX_NAMED texts per process, so each
// connection holds at most that many statements; texts beyond run unnamed as before. Only statements that
// name their columns, and only reads, are prepared: a `*` would make a prepared statement fail once a migration adds a
// column under a running replica ("cached plan must not change result type").
import { createHash } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';

export const MAX_NAMED = 500;
const ELIGIBLE = /^\s*(select|with)\b/i;
/** A `with` that writes (or a select that locks) is not a read. */
const WRITES = /\b(insert\s+into|update\s+\S+\s+set|delete\s+from|for\s+(no\s+key\s+)?update|for\s+share)\b/i;
const STAR = /(^|[\s,(."])\*($|[\s,)])/;

interface KnexClient {
  _query(connection: unknown, obj: { sql?: string; options?: Record<string, unknown> }): unknown;
}

/** What a client has seen: texts sent once (waiting for a second time) and texts named. */
export interface PreparedStats {
  named: number;
}

export function prepareHotStatements(orm: MikroORM): PreparedStats {
  const stats = { named: 0 };
  const driver = orm.em.getDriver() as unknown as { getConnection(type?: 'read' | 'write'): unknown; replicas?: unknown[] };
  const connections = [driver.getConnection('write'), ...(driver.replicas ?? [])] as { getKnex(): { client: KnexClient } }[];
  const seen = new Set<string>();
  const names = new Map<string, string>();
  for (const connection of connections) {
    const client = connection.getKnex().client;
    const original = client._query.bind(client);
    client._query = (conn, obj) => {
      const sql = obj.sql;
      if (sql && !obj.options?.name) {
        let name = names.get(sql);
        if (!name && names.size < MAX_NAMED && ELIGIBLE.test(sql) && !WRITES.test(sql) && !STAR.test(sql)) {
          if (seen.has(sql)) {
            seen.delete(sql);
            name = `keel_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
            names.set(sql, name);
            stats.named = names.size;
          } else if (seen.size < MAX_NAMED * 4) {
            seen.add(sql);
          } else {
            seen.clear();
          }
        }
        if (name) obj = { ...obj, options: { ...obj.options, name } };
      }
      return original(conn, obj);
    };
  }
  return stats;
}
