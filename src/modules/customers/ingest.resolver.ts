// Ingestion mutations: thin, each one `input` in and counts, stale items and userErrors out.
import { Arg, Ctx, Field, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { UserError } from '../../graphql/errors';
import { serviceDeps } from '../../graphql/service-deps';
import { validateInput } from '../../graphql/validate';
import { accountIngest } from './account-ingest.service';
import { activityIngest } from './activity-ingest.service';
import { customerIngest } from './customer-ingest.service';
import { fxRateIngest } from './fx-rate-ingest.service';
import { MAX_BATCH_ITEMS, RecordActivitySnapshotsInput, UpsertAccountsInput, UpsertCustomersInput, UpsertFxRatesInput } from './ingest.inputs';
import { batchSizeProblems, ingest, type IngestKind } from './ingest.service';

@ObjectType({ description: 'An item that was not applied: Keel holds data for its key that is as new or newer.', simpleResolvers: true })
export class StaleItem {
  @Field(() => Int, { description: 'Position of the item in `input.items`, from 0.' })
  index!: number;
  @Field({ description: 'The item\'s key (external reference; customer reference/month for snapshots; currency for rates).' })
  key!: string;
  @Field(() => Date, { description: 'The asOf of what Keel holds for this key.' })
  storedAsOf!: Date;
}

function IngestPayload(name: string, mutation: string) {
  @ObjectType(name, { description: `Result of ${mutation}: all items applied, or none (then userErrors say why).`, simpleResolvers: true })
  class Payload {
    @Field(() => Int, { description: 'Items that created or changed something.' })
    applied!: number;
    @Field(() => Int, { description: 'Items identical to what Keel holds (a re-sent batch is all unchanged).' })
    unchanged!: number;
    @Field(() => [StaleItem], { description: 'Items older than what Keel holds: reported, not applied.' })
    stale!: StaleItem[];
    @Field(() => [UserError], { description: 'What to fix, each with the item\'s path (["input", "items", "3", "email"]); when any, nothing was written.' })
    userErrors!: UserError[];
  }
  return Payload;
}

const UpsertCustomersPayload = IngestPayload('UpsertCustomersPayload', 'upsertCustomers');
const UpsertAccountsPayload = IngestPayload('UpsertAccountsPayload', 'upsertAccounts');
const RecordActivitySnapshotsPayload = IngestPayload('RecordActivitySnapshotsPayload', 'recordActivitySnapshots');
const UpsertFxRatesPayload = IngestPayload('UpsertFxRatesPayload', 'upsertFxRates');

/** Validates the batch's format (unless its size alone refuses it) and hands it to the service. */
async function ingestPayload<I extends { asOf: Date }>(ctx: Context, kind: IngestKind<I>, input: { items: I[] }) {
  const formatProblems = batchSizeProblems(input.items).length ? [] : await validateInput(input);
  return ingest(serviceDeps(ctx), kind, input.items, formatProblems);
}

const batch = `Up to ${MAX_BATCH_ITEMS} items, all or nothing; older than stored: reported as stale, not applied.`;

@Resolver()
export class IngestResolver {
  @Mutation(() => UpsertCustomersPayload, { description: `Create or update customer profiles by external reference. ${batch}` })
  upsertCustomers(@Arg('input', () => UpsertCustomersInput) input: UpsertCustomersInput, @Ctx() ctx: Context) {
    return ingestPayload(ctx, customerIngest, input);
  }

  @Mutation(() => UpsertAccountsPayload, { description: `Create or update accounts by external reference; recomputes the holders' totals. ${batch}` })
  upsertAccounts(@Arg('input', () => UpsertAccountsInput) input: UpsertAccountsInput, @Ctx() ctx: Context) {
    return ingestPayload(ctx, accountIngest, input);
  }

  @Mutation(() => RecordActivitySnapshotsPayload, { description: `Record monthly activity by customer reference and month. ${batch}` })
  recordActivitySnapshots(@Arg('input', () => RecordActivitySnapshotsInput) input: RecordActivitySnapshotsInput, @Ctx() ctx: Context) {
    return ingestPayload(ctx, activityIngest, input);
  }

  @Mutation(() => UpsertFxRatesPayload, { description: `Set rates to the reporting currency; recomputes every customer's totals. ${batch}` })
  upsertFxRates(@Arg('input', () => UpsertFxRatesInput) input: UpsertFxRatesInput, @Ctx() ctx: Context) {
    return ingestPayload(ctx, fxRateIngest, input);
  }
}
