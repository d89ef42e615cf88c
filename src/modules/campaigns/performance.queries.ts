// Staff retention performance in one statement: the managers within the viewer's reach, with every
// module's contributed figures joined by manager. This module names no table of theirs.
import type { Knex } from '@mikro-orm/postgresql';
import { can } from '../../auth/permissions';
import { reader, type Context } from '../../graphql/context';
import { money } from '../../graphql/money';
import { toGlobalId } from '../../graphql/relay';
import { contributionsOf } from '../../module';
import { ofVisibleCustomers } from '../customers/public';
import { campaignCapabilities } from './permissions';
import type { RetentionPerformance } from './performance.type';

const ident = (name: string) => `"${name.replace(/"/g, '')}"`;

export async function retentionPerformance(ctx: Context, from: Date, to: Date): Promise<RetentionPerformance[]> {
  if (!can(ctx.viewer, campaignCapabilities.readPerformance)) return [];
  const knex: Knex = reader(ctx);
  const contactSources = contributionsOf(ctx.modules, 'customerContacts');
  const contacts = contactSources.length
    ? knex.raw(contactSources.map(() => '(select customer_id, contacted_at from ? as k)').join(' union all '), contactSources.map((s) => s.sql(knex)))
    : knex.raw('select null::uuid as customer_id, null::timestamptz as contacted_at where false');
  const cap = campaignCapabilities.readPerformance;
  // The customers module's bound: a manager's own book, or every book.
  const managed = (qb: Knex.QueryBuilder, customerKeyColumn: string) => ofVisibleCustomers(qb, ctx, customerKeyColumn, cap).whereNotNull('c.rm_id');
  const period = {
    from, to, now: ctx.now, reportingCurrency: ctx.config.reportingCurrency, contacts: knex.select('customer_id', 'contacted_at').from('contacts'), managed,
  };
  const contributions = contributionsOf(ctx.modules, 'staffFigures');
  const figures = new Set(contributions.flatMap((c) => c.figures));
  const columns = contributions.flatMap((c, i) => c.figures.map((f) => `f${i}.${ident(f)}`));
  const joins = contributions.map((_, i) => `left join ? as f${i} on f${i}.rm_id = s.id`);
  const managers = managed(knex('customer as x'), 'x.id').distinct('c.rm_id');
  const rows = await knex.raw(
    `with contacts as (?),
     staff as (select s.id, s.subject, s.name from staff_user s where s.id in (?))
     select s.id, s.subject, s.name${columns.map((c) => `, ${c}`).join('')}
     from staff s ${joins.join(' ')}
     order by s.name, s.id`,
    [contacts, managers, ...contributions.map((c) => c.sql(knex, period))],
  );
  const count = (r: Record<string, unknown>, f: string): number | null => (figures.has(f) ? Number(r[f] ?? 0) : null);
  return (rows.rows as Record<string, unknown>[]).map((r) => {
    const handled = count(r, 'cases_handled');
    const retained = count(r, 'cases_retained');
    return {
      relationshipManager: { __typename: 'StaffMember', id: toGlobalId('StaffMember', String(r.id)), key: String(r.id), subject: String(r.subject), name: String(r.name) },
      casesHandled: handled,
      retained,
      retentionRate: handled && retained !== null ? retained / handled : null,
      winBacks: count(r, 'win_backs'),
      depositsKept: figures.has('deposits_kept_minor') ? money(String(r.deposits_kept_minor ?? '0'), ctx.config.reportingCurrency) : null,
      complaintsResolved: count(r, 'complaints_resolved'),
      complaintsResolvedInTime: count(r, 'complaints_resolved_in_time'),
      medianResolutionHours: r.median_resolution_hours == null ? null : Number(r.median_resolution_hours),
      highRiskWithoutContact: count(r, 'high_risk_without_contact'),
    } as RetentionPerformance;
  });
}
