// recordActivitySnapshots: one snapshot per customer per month, keyed by customer reference and
// month. The customer's trend and inactivity are recomputed in the same transaction.
import { randomUUID } from 'node:crypto';
import { diffFields } from '../../audit/audit.writer';
import { problem, type Problem } from '../../domain/errors';
import { toGlobalId } from '../../domain/ids';
import { formatMinor } from '../../domain/money';
import type { SqlRunner } from './derived-fields.sql';
import { IngestErrorCode } from './ingest.errors';
import type { ActivitySnapshotItemInput } from './ingest.inputs';
import {
  minorOf,
  planItem,
  resolveHolders,
  toDate,
  type IngestContext,
  type IngestKind,
  type ItemPlan,
} from './ingest.service';

interface SnapshotRow {
  customer_id: string;
  month: string;
  transaction_count: number;
  transaction_volume_minor: string;
  average_balance_minor: string;
  currency: string;
  digital_logins: number;
  salary_credited: boolean;
}

interface StoredSnapshot extends SnapshotRow {
  id: string;
  as_of: string | Date;
}

const audited = (s: SnapshotRow) => ({
  month: s.month.slice(0, 7),
  transactionCount: s.transaction_count,
  transactionVolume: formatMinor(s.transaction_volume_minor, s.currency),
  averageBalance: formatMinor(s.average_balance_minor, s.currency),
  currency: s.currency,
  digitalLogins: s.digital_logins,
  salaryCredited: s.salary_credited,
});

function checkSnapshot(item: ActivitySnapshotItemInput, path: string[], ctx: IngestContext): Problem[] {
  const errors: Problem[] = [];
  if (item.month > ctx.now.toISOString().slice(0, 7)) {
    errors.push(problem([...path, 'month'], IngestErrorCode.IN_THE_FUTURE, 'month has not begun yet'));
  }
  for (const field of ['transactionVolume', 'averageBalance'] as const) {
    const minor = minorOf(item[field], [...path, field]);
    if (typeof minor !== 'bigint') errors.push(minor);
  }
  if (item.averageBalance.currency !== item.transactionVolume.currency) {
    errors.push(
      problem([...path, 'averageBalance', 'currency'], IngestErrorCode.CURRENCY_MISMATCH, 'A snapshot has one currency: use the volume\'s'),
    );
  }
  return errors;
}

async function planSnapshots(run: SqlRunner, items: ActivitySnapshotItemInput[], ctx: IngestContext): Promise<ItemPlan[]> {
  const customers = await resolveHolders(run, items, ctx, () => 'transactionVolume');

  const keys = items.map((i) => ({ customer_id: customers.get(i.customerExternalRef)!, month: `${i.month}-01` }));
  const { rows } = await run<StoredSnapshot>(
    `select s.id, s.customer_id, s.month::text as month, s.transaction_count, s.transaction_volume_minor::text as transaction_volume_minor,
       s.average_balance_minor::text as average_balance_minor, s.currency, s.digital_logins, s.salary_credited, s.as_of
     from activity_snapshot s
     join jsonb_to_recordset($1::jsonb) as k(customer_id uuid, month date) on k.customer_id = s.customer_id and k.month = s.month
     for update of s`,
    [JSON.stringify(keys)],
  );
  const stored = new Map(rows.map((r) => [`${r.customer_id}/${r.month}`, r]));
  return items.map((item, i) => {
    const { customer_id, month } = keys[i];
    const before = stored.get(`${customer_id}/${month}`);
    const id = before?.id ?? randomUUID();
    const row: SnapshotRow = {
      customer_id,
      month,
      transaction_count: item.transactionCount,
      transaction_volume_minor: String(minorOf(item.transactionVolume, [])),
      average_balance_minor: String(minorOf(item.averageBalance, [])),
      currency: item.transactionVolume.currency,
      digital_logins: item.digitalLogins,
      salary_credited: item.salaryCredited,
    };
    return planItem(
      item.asOf,
      toDate(before?.as_of),
      { id, ...row, as_of: item.asOf },
      {
        action: before ? 'activity_snapshot.updated' : 'activity_snapshot.recorded',
        entityType: 'ActivitySnapshot',
        entityId: id,
        customerId: customer_id,
        changes: diffFields(before ? audited(before) : {}, audited(row)),
      },
      [customer_id],
    );
  });
}

export const activityIngest: IngestKind<ActivitySnapshotItemInput> = {
  spec: {
    table: 'activity_snapshot',
    columns: {
      customer_id: 'uuid', month: 'date', transaction_count: 'integer', transaction_volume_minor: 'bigint',
      average_balance_minor: 'bigint', currency: 'character(3)', digital_logins: 'integer', salary_credited: 'boolean',
      as_of: 'timestamptz',
    },
    conflict: ['customer_id', 'month'],
    asOf: 'as_of',
  },
  keyOf: (item) => `${item.customerExternalRef}/${item.month}`,
  keyField: 'month',
  check: checkSnapshot,
  plan: planSnapshots,
  derived: 'customers',
  // A month Keel had not seen before for the customer (a correction of a known month raises nothing).
  events: (changed) => changed
    .filter((w) => w.audit?.action === 'activity_snapshot.recorded')
    .map((w) => ({
      type: 'activity.month_recorded',
      customerId: w.row.customer_id as string,
      payload: { customerId: toGlobalId('Customer', w.row.customer_id as string), month: (w.row.month as string).slice(0, 7) },
    })),
};
