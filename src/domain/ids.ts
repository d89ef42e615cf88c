// Global ids (type and key), as the API shows every object. Services name objects in events and
// messages with them; the GraphQL layer decodes them (src/graphql/relay.ts).
export function toGlobalId(type: string, key: string): string {
  return Buffer.from(`${type}:${key}`, 'utf8').toString('base64url');
}

/**
 * The same global id computed in SQL from a key column, for set-based statements that write ids into
 * event payloads. `type` is one of Keel's type names (a constant, never input).
 */
export function globalIdSql(type: string, keyColumn: string): string {
  if (!/^[A-Za-z]+$/.test(type)) throw new Error(`not a type name: ${type}`);
  return `rtrim(translate(encode(convert_to('${type}:' || ${keyColumn}::text, 'UTF8'), 'base64'), E'+/\\n', '-_'), '=')`;
}

/**
 * The first 15 characters of a time-ordered (version 7, RFC 9562) uuid for the millisecond `ms`:
 * 48 bits of Unix time, then the version. A set-based statement that writes many rows completes each id
 * with random bits (`TIME_ORDERED_UUID_SQL`), so the rows it writes land together at the end of the
 * table's key index instead of at random places across it (a batch of a million scores).
 */
export function timeOrderedUuidPrefix(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms >= 2 ** 48) throw new Error(`not a time for a uuid: ${ms}`);
  const hex = ms.toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8)}-7`;
}

/**
 * SQL for a new time-ordered uuid per row, given the prefix bound at the placeholder: the prefix, then 74
 * random bits and the variant of `gen_random_uuid()` (its characters from the 16th on).
 */
export const TIME_ORDERED_UUID_SQL = `(?::text || substr(gen_random_uuid()::text, 16))::uuid`;
