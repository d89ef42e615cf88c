// SQL helpers for hot reads. A statement whose text does not change with the number of keys is one
// statement to PostgreSQL (and to pg_stat_statements), whatever the page size: `id = any($1::uuid[])`
// instead of `id in ($1, $2, ... $n)`, whose text (and plan) differs for every n.

/** A PostgreSQL array literal of text values, every element quoted, for a `?::<type>[]` binding. */
export function pgArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`).join(',')}}`;
}

/** `column = any(?::type[])` with its binding: one SQL text for any number of keys. */
export function anyOf(column: string, type: 'uuid' | 'text', values: readonly string[]): [string, string[]] {
  if (!/^[a-z_][a-z0-9_.]*$/.test(column)) throw new Error(`not a column: ${column}`);
  return [`${column} = any(?::${type}[])`, [pgArray(values)]];
}
