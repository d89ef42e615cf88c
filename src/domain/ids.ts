// Global ids (type and key), as the API shows every object. Services name objects in events and
// messages with them; the GraphQL layer decodes them (src/graphql/relay.ts).
export function toGlobalId(type: string, key: string): string {
  return Buffer.from(`${type}:${key}`, 'utf8').toString('base64url');
}
