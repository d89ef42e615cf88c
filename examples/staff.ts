// The retention desk, as a front-end would call Keel with a staff member's JWT:
//   KEEL_TOKEN=$(npm run -s token -- --role ADMIN) npm run -s example:staff -- "Gone quiet"
// works the 5 highest-risk customers of the segment named (or given by id): their risk factors and
// recommended actions, the first active bonus-points offer proposed, the answer recorded (here the
// highest-risk customer accepts and the others decline), the results read back.
// Who may run it: reading segments and scores (ADMIN, RETENTION_ANALYST, COMPLIANCE_OFFICER, a
// relationship manager for their own book) and proposing offers (ADMIN, a relationship manager for their
// own book, SUPPORT_AGENT); an ADMIN token does all of it.
// With CAMPAIGN="<name>" it also creates a campaign of the offer for the segment (20% holdout), launches
// it and prints its results so far (managing campaigns: ADMIN or RETENTION_ANALYST).
import { SegmentsDocument } from '../schema/generated/operations';
import { createKeelClient, type KeelClient } from './keel-client';
import { runRetentionFlow } from './retention-flow';

export async function segmentIdOf(client: KeelClient, nameOrId: string): Promise<string> {
  let after: string | null = null;
  for (;;) {
    const page: Awaited<ReturnType<typeof listSegments>> = await listSegments(client, after);
    const found = page.segments.edges.find((e) => e.node.id === nameOrId || e.node.name === nameOrId);
    if (found) return found.node.id;
    if (!page.segments.pageInfo.hasNextPage) throw new Error(`No segment "${nameOrId}"`);
    after = page.segments.pageInfo.endCursor;
  }
}

function listSegments(client: KeelClient, after: string | null) {
  return client.query(SegmentsDocument, { first: 100, after });
}

async function main(): Promise<void> {
  const token = process.env.KEEL_TOKEN;
  if (!token) throw new Error('Set KEEL_TOKEN to a staff JWT (npm run -s token -- --role ADMIN)');
  const client = createKeelClient({ url: process.env.KEEL_URL ?? 'http://localhost:4000/graphql', token });
  const segmentId = await segmentIdOf(client, process.argv[2] ?? 'Gone quiet');
  const report = await runRetentionFlow(client, {
    target: { segmentId },
    top: Number(process.env.TOP ?? 5),
    answerOf: ({ rank }) => (rank === 0 ? 'ACCEPT' : 'DECLINE'),
    idempotencyPrefix: `staff-example-${new Date().toISOString().slice(0, 10)}`,
    readOfferConsumption: true,
    campaign: process.env.CAMPAIGN ? { name: process.env.CAMPAIGN } : undefined,
  });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`cost of the last request: ${JSON.stringify(client.lastCost())}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
