// upsertCustomers: profiles keyed by external reference. A profile change bumps the customer's
// version, so that a staff edit made from an older read is a CONFLICT. National ids are encrypted
// with the customer's id before they reach SQL; the audit trail names personal data fields only.
import { randomUUID } from 'node:crypto';
import { diffFields } from '../../audit/audit.writer';
import { problem, type Problem } from '../../domain/errors';
import { CUSTOMER_PII_FIELDS } from './customer.entity';
import type { SqlRunner } from './derived-fields.sql';
import { IngestErrorCode } from './ingest.errors';
import type { CustomerItemInput } from './ingest.inputs';
import { itemPath, planItem, refuseIfAny, toDate, type IngestContext, type IngestKind, type ItemPlan } from './ingest.service';
import { decryptNationalId, encryptNationalId } from './national-id.crypto';

interface StoredCustomer {
  id: string;
  anonymised_at?: Date | string | null;
  external_ref: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  date_of_birth: string | null;
  national_id_enc: string | null;
  address: string | null;
  region: string | null;
  preferred_channel: string | null;
  marketing_consent: boolean;
  marketing_consent_at: string | Date | null;
  joined_at: string | Date;
  rm_id: string | null;
  profile_as_of: string | Date | null;
}

/** What the audit trail compares (the same names as the manual customer writes). */
function profile(row: Omit<StoredCustomer, 'national_id_enc' | 'profile_as_of' | 'id'>, nationalId: string | null) {
  return {
    externalRef: row.external_ref,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    phone: row.phone,
    dateOfBirth: row.date_of_birth,
    nationalId,
    address: row.address,
    region: row.region,
    preferredChannel: row.preferred_channel,
    marketingConsent: row.marketing_consent,
    joinedAt: toDate(row.joined_at),
    relationshipManager: row.rm_id,
  };
}

/** Left out: keep the stored value; null: clear it. */
const given = <T>(value: T | null | undefined, kept: T | null): T | null => (value === undefined ? kept : value);

function readNationalId(ctx: IngestContext, stored: StoredCustomer): string | null {
  if (!stored.national_id_enc) return null;
  try {
    return decryptNationalId(ctx.config.pii, stored.national_id_enc, stored.id);
  } catch {
    // Unreadable (a retired key): compare as the ciphertext, so any given value counts as a change.
    return `unreadable:${stored.national_id_enc}`;
  }
}

function planCustomer(ctx: IngestContext, item: CustomerItemInput, stored: StoredCustomer | undefined, rmId: string | null | undefined): ItemPlan {
  const id = stored?.id ?? randomUUID();
  const storedNationalId = stored ? readNationalId(ctx, stored) : null;
  const nationalId = given(item.nationalId, storedNationalId);
  const nationalIdEnc =
    nationalId === null ? null : nationalId === storedNationalId ? stored!.national_id_enc : encryptNationalId(ctx.config.pii, nationalId, id);
  const consent = item.marketingConsent === undefined ? (stored?.marketing_consent ?? false) : item.marketingConsent === true;
  const row = {
    external_ref: item.externalRef,
    first_name: item.firstName.trim(),
    last_name: item.lastName.trim(),
    email: given(item.email, stored?.email ?? null),
    phone: given(item.phone, stored?.phone ?? null),
    date_of_birth: given(item.dateOfBirth, stored?.date_of_birth ?? null),
    address: given(item.address, stored?.address ?? null),
    region: given(item.region, stored?.region ?? null),
    preferred_channel: given(item.preferredChannel, stored?.preferred_channel ?? null),
    marketing_consent: consent,
    // A change of consent is stamped with the time core banking recorded it.
    marketing_consent_at: stored && consent === stored.marketing_consent ? toDate(stored.marketing_consent_at) : consent ? item.asOf : null,
    joined_at: item.joinedAt ?? toDate(stored?.joined_at) ?? item.asOf,
    rm_id: rmId === undefined ? (stored?.rm_id ?? null) : rmId,
  };
  const before = stored ? profile(stored, storedNationalId) : {};
  return planItem(item.asOf, toDate(stored?.profile_as_of), { id, ...row, national_id_enc: nationalIdEnc, profile_as_of: item.asOf }, {
    action: stored ? 'customer.updated' : 'customer.created',
    entityType: 'Customer',
    entityId: id,
    customerId: id,
    changes: diffFields(before, profile(row, nationalId), CUSTOMER_PII_FIELDS),
  });
}

async function planCustomers(run: SqlRunner, items: CustomerItemInput[], ctx: IngestContext): Promise<ItemPlan[]> {
  const subjects = [...new Set(items.map((i) => i.relationshipManagerSubject).filter((s): s is string => !!s))];
  const { rows: staff } = await run<{ id: string; subject: string }>(
    'select id, subject from staff_user where subject in (select jsonb_array_elements_text($1::jsonb))',
    [JSON.stringify(subjects)],
  );
  const staffIds = new Map(staff.map((s) => [s.subject, s.id]));
  const partner = ctx.viewer?.kind === 'partner';
  const errors = items.flatMap((item, i): Problem[] => {
    const path = itemPath(i, 'relationshipManagerSubject');
    if (partner && item.relationshipManagerSubject !== undefined) {
      return [problem(path, IngestErrorCode.NOT_ALLOWED, 'Partners may not assign relationship managers; leave relationshipManagerSubject out (an ADMIN assigns them)')];
    }
    return item.relationshipManagerSubject && !staffIds.has(item.relationshipManagerSubject)
      ? [problem(path, IngestErrorCode.UNKNOWN_RELATIONSHIP_MANAGER, 'No staff member has this subject')]
      : [];
  });
  refuseIfAny(errors);

  const { rows } = await run<StoredCustomer>(
    `select id, external_ref, first_name, last_name, email, phone, date_of_birth::text as date_of_birth, national_id_enc, address,
       region, preferred_channel, marketing_consent, marketing_consent_at, joined_at, rm_id, profile_as_of, anonymised_at
     from customer where external_ref in (select jsonb_array_elements_text($1::jsonb)) for update`,
    [JSON.stringify(items.map((i) => i.externalRef))],
  );
  const stored = new Map(rows.map((r) => [r.external_ref, r]));
  refuseIfAny(
    items.flatMap((item, i) =>
      stored.get(item.externalRef)?.anonymised_at
        ? [problem(itemPath(i, 'externalRef'), IngestErrorCode.CUSTOMER_ANONYMISED, 'This customer was anonymised after the retention period; their personal data is not stored again')]
        : [],
    ),
  );
  return items.map((item) => {
    const subject = item.relationshipManagerSubject;
    const rmId = subject === undefined ? undefined : subject === null ? null : staffIds.get(subject)!;
    return planCustomer(ctx, item, stored.get(item.externalRef), rmId);
  });
}

export const customerIngest: IngestKind<CustomerItemInput> = {
  spec: {
    table: 'customer',
    columns: {
      external_ref: 'text', first_name: 'text', last_name: 'text', email: 'text', phone: 'text', date_of_birth: 'date',
      national_id_enc: 'text', address: 'text', region: 'text', preferred_channel: 'text', marketing_consent: 'boolean',
      marketing_consent_at: 'timestamptz', joined_at: 'timestamptz', rm_id: 'uuid', profile_as_of: 'timestamptz',
    },
    conflict: ['external_ref'],
    asOf: 'profile_as_of',
    versioned: true,
  },
  keyOf: (item) => item.externalRef,
  keyField: 'externalRef',
  check(item, path, ctx) {
    const today = ctx.now.toISOString().slice(0, 10);
    return item.dateOfBirth && item.dateOfBirth > today
      ? [problem([...path, 'dateOfBirth'], IngestErrorCode.IN_THE_FUTURE, 'dateOfBirth is in the future')]
      : [];
  },
  plan: planCustomers,
};
