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
