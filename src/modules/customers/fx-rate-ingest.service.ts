// upsertFxRates: the latest rate per currency to the reporting currency. A rate change recomputes
// every customer's totals in one statement.
import { randomUUID } from 'node:crypto';
import { diffFields } from '../../audit/audit.writer';
import { problem } from '../../domain/errors';
import { minorDigits } from '../../domain/money';
import type { SqlRunner } from './derived-fields.sql';
import { IngestErrorCode } from './ingest.errors';
import type { FxRateItemInput } from './ingest.inputs';
import { planItem, toDate, type IngestKind, type ItemPlan } from './ingest.service';

const RATE_SCALE = 10;

/** A decimal string as numeric(20,10) prints it, e.g. "0.92" → "0.9200000000". */
export function normaliseRate(rate: string): string {
  const [whole, frac = ''] = rate.split('.');
  return `${BigInt(whole)}.${frac.padEnd(RATE_SCALE, '0')}`;
}

interface StoredRate {
  id: string;
  currency: string;
  rate: string;
  as_of: string | Date;
}

async function planRates(run: SqlRunner, items: FxRateItemInput[]): Promise<ItemPlan[]> {
  const { rows } = await run<StoredRate>(
    'select id, currency, rate::text as rate, as_of from fx_rate where currency in (select jsonb_array_elements_text($1::jsonb)) for update',
    [JSON.stringify(items.map((i) => i.currency))],
  );
  const stored = new Map(rows.map((r) => [r.currency, r]));
  return items.map((item) => {
    const before = stored.get(item.currency);
    const id = before?.id ?? randomUUID();
    const rate = normaliseRate(item.rate);
    return planItem(
      item.asOf,
      toDate(before?.as_of),
      { id, currency: item.currency, rate, minor_digits: minorDigits(item.currency), as_of: item.asOf },
      {
        action: before ? 'fx_rate.updated' : 'fx_rate.recorded',
        entityType: 'FxRate',
        entityId: id,
        customerId: null,
        changes: diffFields(before ? { currency: before.currency, rate: before.rate } : {}, { currency: item.currency, rate }),
      },
    );
  });
}

export const fxRateIngest: IngestKind<FxRateItemInput> = {
  spec: {
    table: 'fx_rate',
    columns: { currency: 'character(3)', rate: 'numeric(20, 10)', minor_digits: 'smallint', as_of: 'timestamptz' },
    conflict: ['currency'],
    asOf: 'as_of',
  },
  keyOf: (item) => item.currency,
  keyField: 'currency',
  check(item, path, ctx) {
    return item.currency === ctx.config.reportingCurrency && normaliseRate(item.rate) !== normaliseRate('1')
      ? [problem([...path, 'rate'], IngestErrorCode.REPORTING_CURRENCY_RATE, `${item.currency} is the reporting currency: its rate is 1`)]
      : [];
  },
  plan: planRates,
  derived: 'all',
};
