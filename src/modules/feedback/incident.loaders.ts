// Batched per-request loaders for incidents: one SQL statement per level of a query, whatever the page size.
import DataLoader from 'dataloader';
import type { Context } from '../../graphql/context';
import type { Connection, PageRequest } from '../../graphql/relay';
import {
  complaintPagesOfIncidents, customerPagesOfIncidents, incidentPagesOfCustomers, incidentsByKeys, updatePagesOfIncidents,
} from './incident.queries';
import type { IncidentView } from './incident.type';

const INCIDENTS = {};

export function incidentLoader(ctx: Context): DataLoader<string, IncidentView | null> {
  return ctx.memo(INCIDENTS, () =>
    new DataLoader(async (keys) => {
      const found = new Map((await incidentsByKeys(ctx, keys)).map((i) => [i.key, i]));
      return keys.map((k) => found.get(k) ?? null);
    }),
  );
}

type Pages<T> = (ctx: Context, keys: readonly string[], page: PageRequest) => Promise<Connection<T>[]>;

/** One loader per list and distinct page request, so that parents on one level share a statement. */
function pageLoader<T>(tag: object, pages: Pages<T>) {
  return (ctx: Context, page: PageRequest): DataLoader<string, Connection<T>> => {
    const byPage = ctx.memo(tag, () => new Map<string, DataLoader<string, Connection<T>>>());
    const id = JSON.stringify(page);
    let loader = byPage.get(id);
    if (!loader) {
      loader = new DataLoader((keys) => pages(ctx, keys, page));
      byPage.set(id, loader);
    }
    return loader;
  };
}

export const incidentUpdatesLoader = pageLoader({}, updatePagesOfIncidents);
export const incidentCustomersLoader = pageLoader({}, customerPagesOfIncidents);
export const incidentComplaintsLoader = pageLoader({}, complaintPagesOfIncidents);
export const customerIncidentsLoader = pageLoader({}, incidentPagesOfCustomers);
