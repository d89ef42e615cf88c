// Test data, written with the owner connection so that each test arranges exactly what it needs.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';

let seq = 0;
const next = () => `${Date.now().toString(36)}${(++seq).toString(36)}`;

export interface StaffRow {
  id: string;
  subject: string;
}

export async function createStaff(sql: pg.Pool, subject = `staff-${next()}`, name = subject): Promise<StaffRow> {
  const id = randomUUID();
  await sql.query(
    `insert into staff_user (id, created_at, updated_at, subject, name, email) values ($1, now(), now(), $2, $3, $4)`,
    [id, subject, name, `${subject}@bank.example`],
  );
  return { id, subject };
}

export interface CustomerSeed {
  rmId?: string | null;
  firstName?: string;
  lastName?: string;
  email?: string | null;
  phone?: string | null;
  externalRef?: string;
  joinedAt?: Date;
  status?: string;
  totalDepositsMinor?: number;
}

export async function createCustomer(sql: pg.Pool, seed: CustomerSeed = {}): Promise<{ id: string; externalRef: string }> {
  const id = randomUUID();
  const externalRef = seed.externalRef ?? `T-${next()}`;
  await sql.query(
    `insert into customer (id, created_at, updated_at, external_ref, first_name, last_name, email, phone, date_of_birth,
       address, joined_at, rm_id, status, total_deposits_minor)
     values ($1, now(), now(), $2, $3, $4, $5, $6, '1980-04-02', '1 Quay Road', $7, $8, $9, $10)`,
    [
      id, externalRef, seed.firstName ?? 'Test', seed.lastName ?? `Customer ${externalRef}`,
      seed.email === undefined ? `${externalRef.toLowerCase()}@mail.example` : seed.email,
      seed.phone === undefined ? '+44 7700 900123' : seed.phone,
      seed.joinedAt ?? new Date('2020-01-01T00:00:00Z'), seed.rmId ?? null, seed.status ?? 'ACTIVE',
      seed.totalDepositsMinor ?? 0,
    ],
  );
  return { id, externalRef };
}

export async function createAccount(
  sql: pg.Pool,
  customerId: string,
  seed: { type?: string; currency?: string; balanceMinor?: number; outstandingMinor?: number; status?: string } = {},
): Promise<{ id: string; externalRef: string }> {
  const id = randomUUID();
  const externalRef = `A-${next()}`;
  await sql.query(
    `insert into account (id, created_at, updated_at, customer_id, external_ref, type, currency, balance_minor,
       outstanding_minor, status, opened_at)
     values ($1, now(), now(), $2, $3, $4, $5, $6, $7, $8, '2021-03-01')`,
    [id, customerId, externalRef, seed.type ?? 'CURRENT', seed.currency ?? 'EUR', seed.balanceMinor ?? 10000,
      seed.outstandingMinor ?? 0, seed.status ?? 'OPEN'],
  );
  return { id, externalRef };
}
