// The customers module's demo data: staff, customers, accounts, FX rates and twelve months of
// behaviour. Deterministic (fixed random seed), so every fresh start shows the same customers.
import { insertRows, prng, uuidFrom } from '../../db/seed.helpers';
import type { SeedContext, SeedContribution } from '../../module';
import { pgRunner, recomputeDerivedFields } from './derived-fields.sql';
import { encryptNationalId } from './national-id.crypto';

const FIRST = ['Anna', 'Ben', 'Chloé', 'David', 'Elena', 'Farid', 'Grace', 'Hugo', 'Ines', 'Jonas', 'Kira', 'Luca', 'Maya', 'Noah', 'Olga', 'Pedro', 'Quinn', 'Rosa', 'Sami', 'Tara', 'Umar', 'Vera', 'Wim', 'Xenia', 'Yusuf', 'Zoe', 'Lars', 'Mila', 'Omar', 'Sofia'];
const LAST = ['Andersen', 'Bauer', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Horvat', 'Ivanova', 'Jansen', 'Kowalski', 'Lambert', 'Müller', 'Nowak', 'Oliveira', 'Petrov', 'Rossi', 'Schmidt', 'Tanaka', 'Urban', 'Visser', 'Weber', 'Yilmaz', 'Zimmermann', 'Novak', 'Moreau', 'Larsen', 'Kaya', 'Hansen', 'Berg'];
const STREETS = ['Harbour Street', 'Mill Lane', 'Station Road', 'Church Street', 'Park Avenue', 'Quay Road', 'High Street', 'Elm Grove'];
export const REGIONS = ['North', 'South', 'East', 'West', 'Central', 'Capital'];
const CHANNELS = ['BRANCH', 'PHONE', 'EMAIL', 'MOBILE', 'WEB'];
/** Indicative rates to the reporting currency (EUR) for the demo's derived totals. */
const TO_EUR: Record<string, string> = { EUR: '1', USD: '0.92', GBP: '1.17' };
const REPORTING_CURRENCY = 'EUR';

export const DEMO_STAFF = [
  ...Array.from({ length: 20 }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    return { subject: `rm-${n}`, name: `Relationship Manager ${n}` };
  }),
  { subject: 'admin-01', name: 'Avery Admin' },
  { subject: 'compliance-01', name: 'Casey Compliance' },
  { subject: 'compliance-02', name: 'Charlie Compliance' },
  { subject: 'analyst-01', name: 'Alex Analyst' },
  { subject: 'support-01', name: 'Sam Support' },
];

const MONTHS_OF_ACTIVITY = 12;

/**
 * Twelve complete months of behaviour before `today`, newest last: most customers steady, some
 * drifting away (balance draining, transactions and logins stopping, salary moving elsewhere), some
 * growing. Rows: customer, month, transactions, volume, average balance, currency, logins, salary.
 */
function activityOf(rand: () => number, customerId: string, deposits: number, today: Date): unknown[][] {
  const r = rand();
  const drift: 'steady' | 'leaving' | 'growing' = r < 0.15 ? 'leaving' : r < 0.25 ? 'growing' : 'steady';
  const salaried = rand() < 0.7;
  const baseCount = 10 + Math.floor(rand() * 50);
  const baseLogins = Math.floor(rand() * 40);
  const ticket = 2_000 + Math.floor(rand() * 13_000);
  const quietMonths = drift === 'leaving' ? 1 + Math.floor(rand() * 4) : 0;
  let balance = Math.max(deposits, 10_000 + Math.floor(rand() * 200_000));
  const rows: unknown[][] = [];
  for (let m = MONTHS_OF_ACTIVITY; m >= 1; m--) {
    const month = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - m, 1)).toISOString().slice(0, 10);
    const noise = 0.95 + rand() * 0.1;
    const fading = drift === 'leaving' && m <= 4;
    if (drift === 'growing') balance = Math.round(balance * 1.04);
    if (fading) balance = Math.round(balance * (0.6 + rand() * 0.2));
    const quiet = m <= quietMonths;
    const count = quiet ? 0 : Math.round(baseCount * noise * (fading ? 0.4 : 1));
    rows.push([
      customerId, month, count, count * ticket, Math.round(balance * noise), 'EUR',
      Math.round(baseLogins * noise * (fading ? 0.3 : 1)), salaried && !fading,
    ]);
  }
  return rows;
}

async function seedCustomers(ctx: SeedContext): Promise<void> {
  const { client, today } = ctx;
  const rand = prng(ctx.seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const now = today.toISOString();
  const count = ctx.size;
  const pii = ctx.settings.pii;

  const staff = DEMO_STAFF.map((s) => [uuidFrom(rand), now, now, s.subject, s.name, `${s.subject}@bank.example`]);
  await insertRows(client, 'staff_user', ['id', 'created_at', 'updated_at', 'subject', 'name', 'email'], staff);
  const rms = staff.slice(0, 20).map((s) => s[0]);

  // Rates and behaviour have a random stream of their own, so that customers and accounts stay as they were.
  const activityRand = prng(ctx.seed + 1);
  const rates = Object.entries(TO_EUR).map(([currency, rate]) => [uuidFrom(activityRand), now, now, currency, rate, 2, now]);
  await insertRows(client, 'fx_rate', ['id', 'created_at', 'updated_at', 'currency', 'rate', 'minor_digits', 'as_of'], rates);
  const customers: unknown[][] = [];
  const accounts: unknown[][] = [];
  const activity: unknown[][] = [];
  let accountNo = 0;
  for (let i = 0; i < count; i++) {
    const id = uuidFrom(rand);
    const first = pick(FIRST);
    const last = pick(LAST);
    const joined = new Date(today.getTime() - Math.floor(rand() * 20 * 365) * 86_400_000 - 86_400_000);
    const dob = new Date(Date.UTC(1940 + Math.floor(rand() * 65), Math.floor(rand() * 12), 1 + Math.floor(rand() * 28)));
    const consent = rand() < 0.55;
    let deposits = 0;
    const products: [string, number][] = [['CURRENT', 1]];
    if (rand() < 0.6) products.push(['SAVINGS', 1]);
    if (rand() < 0.4) products.push(['CREDIT_CARD', 1]);
    if (rand() < 0.15) products.push(['PERSONAL_LOAN', 1]);
    if (rand() < 0.2) products.push(['MORTGAGE', 1]);
    if (rand() < 0.1) products.push(['TERM_DEPOSIT', 1]);
    if (rand() < 0.05) products.push(['WEALTH', 1]);
    for (const [type] of products) {
      accountNo += 1;
      const currency = rand() < 0.85 ? 'EUR' : pick(['USD', 'GBP']);
      const isDebt = type === 'CREDIT_CARD' || type === 'PERSONAL_LOAN' || type === 'MORTGAGE';
      const scale = type === 'MORTGAGE' ? 30_000_000 : type === 'WEALTH' ? 50_000_000 : type === 'PERSONAL_LOAN' ? 2_000_000 : 1_500_000;
      const amount = Math.floor(rand() * scale);
      const closed = rand() < 0.05;
      const opened = new Date(joined.getTime() + Math.floor(rand() * Math.max(1, today.getTime() - joined.getTime())));
      if (!closed && !isDebt) deposits += amount;
      accounts.push([
        uuidFrom(rand), now, now, id, `ACC-${String(accountNo).padStart(7, '0')}`, type, currency,
        isDebt || closed ? 0 : amount, isDebt && !closed ? amount : 0, closed ? 'CLOSED' : 'OPEN',
        opened.toISOString().slice(0, 10), closed ? today.toISOString().slice(0, 10) : null, now,
      ]);
    }
    customers.push([
      id, now, now, `CUST-${String(i + 1).padStart(6, '0')}`, first, last,
      `${first.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}.${last.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}.${i + 1}@mail.example`,
      `+44 7700 9${String(Math.floor(rand() * 100000)).padStart(5, '0')}`,
      dob.toISOString().slice(0, 10), `${1 + Math.floor(rand() * 200)} ${pick(STREETS)}, ${pick(REGIONS)} City`,
      pick(REGIONS), pick(CHANNELS), consent, consent ? joined.toISOString() : null, 'ACTIVE', false,
      joined.toISOString(), rms[i % 20], now,
    ]);
    activity.push(...activityOf(activityRand, id, deposits, today));
  }
  await insertRows(client, 'customer', [
    'id', 'created_at', 'updated_at', 'external_ref', 'first_name', 'last_name', 'email', 'phone', 'date_of_birth',
    'address', 'region', 'preferred_channel', 'marketing_consent', 'marketing_consent_at', 'status', 'restricted',
    'joined_at', 'rm_id', 'profile_as_of',
  ], customers);
  if (pii) {
    // National ids from their own random stream, so that the rest of the demo stays as it was.
    const idRand = prng(ctx.seed + 7);
    const letters = 'ABCEGHJKLMNPRSTWXYZ';
    const ids = customers.map((row) => row[0] as string);
    const encrypted = ids.map((id) => {
      const pair = letters[Math.floor(idRand() * letters.length)] + letters[Math.floor(idRand() * letters.length)];
      const digits = String(Math.floor(idRand() * 1_000_000)).padStart(6, '0');
      return encryptNationalId(pii, `${pair} ${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4)} ${'ABCD'[Math.floor(idRand() * 4)]}`, id);
    });
    await client.query(
      'update customer set national_id_enc = v.enc from (select unnest($1::uuid[]) as id, unnest($2::text[]) as enc) v where customer.id = v.id',
      [ids, encrypted],
    );
  }
  await insertRows(client, 'account', [
    'id', 'created_at', 'updated_at', 'customer_id', 'external_ref', 'type', 'currency', 'balance_minor',
    'outstanding_minor', 'status', 'opened_at', 'closed_at', 'as_of',
  ], accounts);
  // 24,000 rows as one JSON parameter (far faster than bound parameters); ids derived from the key.
  await client.query(
    `insert into activity_snapshot (id, created_at, updated_at, as_of, customer_id, month, transaction_count, transaction_volume_minor,
       average_balance_minor, currency, digital_logins, salary_credited)
     select md5(x.c || x.m)::uuid, $2, $2, $2, x.c::uuid, x.m::date, x.n, x.v, x.b, x.cur, x.l, x.s
     from jsonb_to_recordset($1::jsonb) as x(c text, m text, n int, v bigint, b bigint, cur text, l int, s boolean)`,
    [JSON.stringify(activity.map(([c, m, n, v, b, cur, l, s]) => ({ c, m, n, v, b, cur, l, s }))), now],
  );
  // The same set-based statement as ingestion computes totals, open products, trend and inactivity.
  await recomputeDerivedFields(pgRunner(client), { customerIds: null, now: today, reportingCurrency: REPORTING_CURRENCY });
  ctx.log(
    `seeded ${staff.length} staff, ${customers.length} customers, ${accounts.length} accounts, ${activity.length} activity snapshots, ${rates.length} FX rates`,
  );
}

export const customersSeed: SeedContribution = {
  present: async (client) => (await client.query('select exists (select 1 from customer) as any')).rows[0].any,
  run: seedCustomers,
};
