// A partner app (say, the mobile bank) with a Keel API token holding the scopes customers:read,
// risk:read, loyalty:read and loyalty:write:
//   KEEL_TOKEN=keel_… npm run -s example:partner -- 0.6
// works the 5 highest-risk active customers scoring at least 0.6 (partners have no segment scope, so they
// select by score), reads why they are at risk, proposes the first active bonus-points offer to those who
// consented to marketing and records the answers the app heard (here: every customer accepts).
import { ViewerDocument } from '../schema/generated/operations';
import { createKeelClient } from './keel-client';
import { runRetentionFlow } from './retention-flow';

export const PARTNER_SCOPES = ['customers:read', 'risk:read', 'loyalty:read', 'loyalty:write'];

async function main(): Promise<void> {
  const token = process.env.KEEL_TOKEN;
  if (!token?.startsWith('keel_')) throw new Error('Set KEEL_TOKEN to a partner API token (keel_…), issued by an admin with createApiClient');
  const client = createKeelClient({ url: process.env.KEEL_URL ?? 'http://localhost:4000/graphql', token });
  const { viewer } = await client.query(ViewerDocument, {});
  const missing = PARTNER_SCOPES.filter((s) => !viewer?.scopes.includes(s));
  if (missing.length) throw new Error(`The token lacks the scopes ${missing.join(', ')}`);
  const report = await runRetentionFlow(client, {
    target: { minScore: Number(process.argv[2] ?? 0.6) },
    top: Number(process.env.TOP ?? 5),
    channel: 'APP',
    answerOf: () => 'ACCEPT',
    idempotencyPrefix: `${viewer!.subject}-${new Date().toISOString().slice(0, 10)}`,
  });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`budget left: ${JSON.stringify(client.lastCost())}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
