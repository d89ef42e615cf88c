// The demo bank's past crisis: a mobile app outage ten months before the demo's today, with the
// customers it touched, the complaints about it, and the record of what the bank said, when and to whom.
import type pg from 'pg';

const HOUR = 3_600_000;

export async function seedIncident(client: pg.ClientBase, today: Date): Promise<number> {
  const id = 'de0a11c0-0000-4000-8000-000000000001';
  const started = new Date(today.getTime() - 300 * 24 * HOUR + 7 * HOUR);
  const ended = new Date(started.getTime() + 9 * HOUR);
  await client.query(
    `insert into incident (id, created_at, updated_at, title, kind, severity, status, started_at, ended_at, summary, opened_by_kind, opened_by, version)
     values ($1, $2, $3, 'Mobile banking app unavailable', 'OUTAGE', 'HIGH', 'RESOLVED', $2, $3,
       'A failed certificate rotation stopped the mobile app from signing in; card payments and branches were not affected.', 'staff', 'admin-01', 3)`,
    [id, started, ended],
  );
  // The app's users then: a deterministic share of the customers who had joined.
  const linked = await client.query(
    `insert into incident_customer (incident_id, customer_id, linked_at, linked_by)
     select $1::uuid, c.id, $3, 'admin-01' from customer c
      where c.joined_at < $2 and ('x' || substr(md5(c.id::text), 1, 8))::bit(32)::int % 5 = 0`,
    [id, started, new Date(started.getTime() + 2 * HOUR)],
  );
  const updates: [number, string, boolean, string][] = [
    [0.5, 'Sign-in to the mobile app fails for most customers; engineers are investigating.', false, 'INTERNAL'],
    [1, 'Our mobile app is unavailable. Card payments, online banking in the browser and branches work as usual. We will update you here.', true, 'WEBSITE'],
    [1.2, 'We know the app is down and are fixing it. Your money is safe; pay by card or use online banking meanwhile.', true, 'APP'],
    [6, 'Cause found: an expired certificate. A fix is being rolled out.', false, 'INTERNAL'],
    [9, 'The mobile app works again. We are sorry for the trouble; fees charged because of the outage will be refunded.', true, 'EMAIL'],
  ];
  await client.query(
    `insert into incident_update (id, incident_id, message, customer_visible, channel, posted_at, posted_by_kind, posted_by)
     select md5($1 || u.n::text)::uuid, $1::uuid, u.message, u.visible, u.channel, u.at, 'staff', 'admin-01'
       from unnest($2::int[], $3::text[], $4::boolean[], $5::text[], $6::timestamptz[]) as u(n, message, visible, channel, at)
      order by u.at`,
    [id, updates.map((_, i) => i), updates.map((u) => u[1]), updates.map((u) => u[2]), updates.map((u) => u[3]),
      updates.map((u) => new Date(started.getTime() + u[0] * HOUR))],
  );
  // Complaints about the app in the days after are about this incident.
  await client.query(
    `update feedback set incident_id = $1
      where kind = 'COMPLAINT' and 'digital' = any(topics) and received_at >= $2 and received_at < $2::timestamptz + interval '3 days'`,
    [id, started],
  );
  return linked.rowCount ?? 0;
}
