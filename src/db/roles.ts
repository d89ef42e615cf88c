// Two roles, as in production: migrations run as the owner, requests as a runtime role that can
// read and write rows but cannot change the schema (nor update or delete audit rows).
import pg from 'pg';

export const OWNER_ROLE = 'keel_owner';
/** NOLOGIN group that migrations grant privileges to; every runtime login role is a member. */
export const RUNTIME_GROUP = 'keel_runtime';
export const APP_ROLE = 'keel_app';

const DEV_PASSWORDS = { [OWNER_ROLE]: 'keel_owner', [APP_ROLE]: 'keel_app' } as const;

export interface ProvisionedDatabase {
  ownerUrl: string;
  runtimeUrl: string;
  database: string;
}

function withDatabase(url: string, database: string, user?: { name: string; password: string }): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (user) {
    u.username = user.name;
    u.password = user.password;
  }
  return u.toString();
}

function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe identifier: ${name}`);
  return `"${name}"`;
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates the roles if this cluster lacks them (idempotent, safe to race). */
export async function ensureRoles(superuserUrl: string): Promise<void> {
  await withClient(superuserUrl, async (c) => {
    // Role creation is cluster-wide; serialise it so that parallel starters do not collide.
    await c.query('SELECT pg_advisory_lock(7406001)');
    try {
      const existing = new Set(
        (await c.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname = ANY($1)', [
          [OWNER_ROLE, RUNTIME_GROUP, APP_ROLE],
        ])).rows.map((r) => r.rolname),
      );
      if (!existing.has(OWNER_ROLE)) {
        await c.query(`CREATE ROLE ${ident(OWNER_ROLE)} LOGIN PASSWORD '${DEV_PASSWORDS[OWNER_ROLE]}'`);
      }
      if (!existing.has(RUNTIME_GROUP)) await c.query(`CREATE ROLE ${ident(RUNTIME_GROUP)} NOLOGIN`);
      if (!existing.has(APP_ROLE)) {
        await c.query(
          `CREATE ROLE ${ident(APP_ROLE)} LOGIN PASSWORD '${DEV_PASSWORDS[APP_ROLE]}' IN ROLE ${ident(RUNTIME_GROUP)}`,
        );
      }
    } finally {
      await c.query('SELECT pg_advisory_unlock(7406001)');
    }
  });
}

/** Creates `database` owned by the owner role (optionally from a template) and locks its schema down. */
export async function provisionDatabase(
  superuserUrl: string,
  database: string,
  options: { template?: string } = {},
): Promise<ProvisionedDatabase> {
  await ensureRoles(superuserUrl);
  await withClient(superuserUrl, async (c) => {
    const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) {
      const template = options.template ? ` TEMPLATE ${ident(options.template)}` : '';
      await c.query(`CREATE DATABASE ${ident(database)} OWNER ${ident(OWNER_ROLE)}${template}`);
      // Database privileges are not copied from a template; the runtime role needs no temporary tables.
      await c.query(`REVOKE TEMPORARY ON DATABASE ${ident(database)} FROM PUBLIC`);
    }
  });
  if (!options.template) {
    await withClient(withDatabase(superuserUrl, database), async (c) => {
      await c.query(`ALTER SCHEMA public OWNER TO ${ident(OWNER_ROLE)}`);
      await c.query('REVOKE ALL ON SCHEMA public FROM PUBLIC');
      await c.query(`GRANT USAGE ON SCHEMA public TO ${ident(RUNTIME_GROUP)}`);
    });
  }
  return {
    database,
    ownerUrl: withDatabase(superuserUrl, database, { name: OWNER_ROLE, password: DEV_PASSWORDS[OWNER_ROLE] }),
    runtimeUrl: withDatabase(superuserUrl, database, { name: APP_ROLE, password: DEV_PASSWORDS[APP_ROLE] }),
  };
}

export async function dropDatabase(superuserUrl: string, database: string): Promise<void> {
  await withClient(superuserUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${ident(database)} WITH (FORCE)`);
  });
}
