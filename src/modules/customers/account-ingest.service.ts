// upsertAccounts: products keyed by external reference, each the whole state of the account. A
// deposit product carries a balance, a debt product a positive outstanding amount; the holder's
// derived totals are recomputed in the same transaction (both holders when an account moves).
import { randomUUID } from 'node:crypto';
import { diffFields } from '../../audit/audit.writer';
import { problem, type Problem } from '../../domain/errors';
import { toGlobalId } from '../../domain/ids';
import { formatMinor } from '../../domain/money';
import { AccountStatus, DEBT_ACCOUNT_TYPES } from './account.entity';
import type { SqlRunner } from './derived-fields.sql';
import { IngestErrorCode } from './ingest.errors';
import type { AccountItemInput } from './ingest.inputs';
import {
  minorOf,
  planItem,
  resolveHolders,
  toDate,
  type IngestContext,
  type IngestKind,
  type ItemPlan,
} from './ingest.service';

interface AccountRow {
  external_ref: string;
  customer_id: string;
  type: string;
  currency: string;
  balance_minor: string;
  outstanding_minor: string;
  status: string;
  opened_at: string;
  closed_at: string | null;
}

interface StoredAccount extends AccountRow {
  id: string;
  as_of: string | Date | null;
}

/** The field that carries the account's money, and the one that must not. */
function amountFields(item: AccountItemInput): ['balance' | 'outstanding', 'balance' | 'outstanding'] {
  return DEBT_ACCOUNT_TYPES.has(item.type) ? ['outstanding', 'balance'] : ['balance', 'outstanding'];
}

function checkAmounts(item: AccountItemInput, path: string[]): Problem[] {
  const [field, other] = amountFields(item);
  const amount = item[field];
  if (!amount) return [problem([...path, field], IngestErrorCode.INVALID, `A ${item.type} account carries \`${field}\``)];
  const errors: Problem[] = [];
  const minor = minorOf(amount, [...path, field]);
  if (typeof minor !== 'bigint') errors.push(minor);
  const extra = item[other];
  if (extra) {
    const extraMinor = minorOf(extra, [...path, other]);
    if (typeof extraMinor !== 'bigint') errors.push(extraMinor);
    else if (extraMinor !== 0n) {
      errors.push(problem([...path, other], IngestErrorCode.WRONG_AMOUNT_KIND, `A ${item.type} account carries \`${field}\`, not \`${other}\``));
    } else if (extra.currency !== amount.currency) {
      errors.push(problem([...path, other, 'currency'], IngestErrorCode.CURRENCY_MISMATCH, `An account has one currency (${amount.currency})`));
    }
  }
  return errors;
}

function checkDates(item: AccountItemInput, path: string[], today: string): Problem[] {
  const at = (field: string, code: IngestErrorCode, message: string) => [problem([...path, field], code, message)];
  const closed = item.status === AccountStatus.CLOSED;
  if (item.openedAt > today) return at('openedAt', IngestErrorCode.IN_THE_FUTURE, 'openedAt is in the future');
  if (closed && !item.closedAt) return at('closedAt', IngestErrorCode.INVALID_DATES, 'A CLOSED account needs closedAt');
  if (!closed && item.closedAt) return at('closedAt', IngestErrorCode.INVALID_DATES, 'Only a CLOSED account has closedAt');
  if (item.closedAt && item.closedAt < item.openedAt) return at('closedAt', IngestErrorCode.INVALID_DATES, 'closedAt is before openedAt');
  if (item.closedAt && item.closedAt > today) return at('closedAt', IngestErrorCode.IN_THE_FUTURE, 'closedAt is in the future');
  return [];
}

const audited = (a: AccountRow) => ({
  externalRef: a.external_ref,
  customer: a.customer_id,
  type: a.type,
  status: a.status,
  currency: a.currency,
  balance: formatMinor(a.balance_minor, a.currency),
  outstanding: formatMinor(a.outstanding_minor, a.currency),
  openedAt: a.opened_at,
  closedAt: a.closed_at,
});

async function planAccounts(run: SqlRunner, items: AccountItemInput[], ctx: IngestContext): Promise<ItemPlan[]> {
  const customers = await resolveHolders(run, items, ctx, (item) => amountFields(item)[0]);

  const { rows } = await run<StoredAccount>(
    `select id, external_ref, customer_id, type, currency, balance_minor::text as balance_minor, outstanding_minor::text as outstanding_minor,
       status, opened_at::text as opened_at, closed_at::text as closed_at, as_of
     from account where external_ref in (select jsonb_array_elements_text($1::jsonb)) for update`,
    [JSON.stringify(items.map((i) => i.externalRef))],
  );
  const stored = new Map(rows.map((r) => [r.external_ref, r]));
  return items.map((item) => {
    const before = stored.get(item.externalRef);
    const id = before?.id ?? randomUUID();
    const money = item[amountFields(item)[0]]!;
    const minor = String(minorOf(money, []));
    const debt = DEBT_ACCOUNT_TYPES.has(item.type);
    const row: AccountRow = {
      external_ref: item.externalRef,
      customer_id: customers.get(item.customerExternalRef)!,
      type: item.type,
      currency: money.currency,
      balance_minor: debt ? '0' : minor,
      outstanding_minor: debt ? minor : '0',
      status: item.status,
      opened_at: item.openedAt,
      closed_at: item.closedAt ?? null,
    };
    const holders = before && before.customer_id !== row.customer_id ? [row.customer_id, before.customer_id] : [row.customer_id];
    return planItem(
      item.asOf,
      toDate(before?.as_of),
      { id, ...row, as_of: item.asOf },
      {
        action: before ? 'account.updated' : 'account.created',
        entityType: 'Account',
        entityId: id,
        customerId: row.customer_id,
        changes: diffFields(before ? audited(before) : {}, audited(row)),
      },
      holders,
    );
  });
}

export const accountIngest: IngestKind<AccountItemInput> = {
  spec: {
    table: 'account',
    columns: {
      external_ref: 'text', customer_id: 'uuid', type: 'text', currency: 'character(3)', balance_minor: 'bigint',
      outstanding_minor: 'bigint', status: 'text', opened_at: 'date', closed_at: 'date', as_of: 'timestamptz',
    },
    conflict: ['external_ref'],
    asOf: 'as_of',
  },
  keyOf: (item) => item.externalRef,
  keyField: 'externalRef',
  check: (item, path, ctx) => [...checkAmounts(item, path), ...checkDates(item, path, ctx.now.toISOString().slice(0, 10))],
  plan: planAccounts,
  derived: 'customers',
  // A closure is a signal of leaving: an account whose status becomes CLOSED (a new one sent closed too).
  events: (changed) => changed
    .filter((w) => w.audit?.changes.some((c) => c.field === 'status' && c.new === AccountStatus.CLOSED))
    .map((w) => ({
      type: 'account.closed',
      customerId: w.row.customer_id as string,
      payload: {
        accountId: toGlobalId('Account', w.row.id), customerId: toGlobalId('Customer', w.row.customer_id as string),
        accountType: w.row.type, closedAt: w.row.closed_at,
      },
    })),
};
