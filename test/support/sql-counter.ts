// Counts SQL statements at the driver (pg.Client#query), for tests that assert statement counts.
import pg from 'pg';

let counting = false;
let statements: string[] = [];
let installed = false;
const CONNECTION_SETUP = /^\s*select version\(\);?\s*$/i;

function install(): void {
  if (installed) return;
  installed = true;
  const original = pg.Client.prototype.query;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  (pg.Client.prototype as any).query = function patched(this: pg.Client, ...args: any[]) {
    if (counting) {
      const first = args[0];
      const text = typeof first === 'string' ? first : first?.text ?? String(first);
      // A new pooled connection asks the server's version once; that is the pool's work, not the request's.
      if (!CONNECTION_SETUP.test(text)) statements.push(text);
    }
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  };
}

/** Runs fn and returns the SQL statements sent to PostgreSQL meanwhile. */
export async function countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  install();
  statements = [];
  counting = true;
  try {
    const result = await fn();
    return { result, statements: [...statements] };
  } finally {
    counting = false;
  }
}
