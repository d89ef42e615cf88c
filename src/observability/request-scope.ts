// What one HTTP request is observed doing, for its log line, its metrics and its trace: made when the
// request arrives, entered as the async context of its GraphQL execution (from the context factory, before
// any await, as the deadline is), and read by the driver's statement listener and the Apollo plugins.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Viewer } from '../auth/viewer';
import { noTracing, type TraceSpan, type Tracing } from './tracing';

export interface RequestObservation {
  /** SQL statements sent on the request's behalf (transaction control included). */
  statements: number;
  /** The operation's type and name once Apollo has resolved it. */
  operationType?: string;
  operationName?: string;
  /** "anonymous", "partner" or "staff:<ROLE,...>": a kind, never who. */
  viewer: string;
  /** Where the request's spans go (the app's tracing; a no-op when off). */
  tracing: Tracing;
  /** The request's HTTP span and, once execution starts, its GraphQL operation span. */
  httpSpan?: TraceSpan;
  graphqlSpan?: TraceSpan;
}

const scope = new AsyncLocalStorage<RequestObservation>();

export function newObservation(tracing: Tracing = noTracing): RequestObservation {
  return { statements: 0, viewer: 'anonymous', tracing };
}

/** Makes `observation` the current request's for what runs from here on (call before the first await). */
export function enterObservation(observation: RequestObservation): void {
  scope.enterWith(observation);
}

export function currentObservation(): RequestObservation | undefined {
  return scope.getStore();
}

/** The viewer's kind for logs: roles are a fixed set, so they may be told; subjects and client ids are not. */
export function viewerKind(viewer: Viewer | null | undefined): string {
  if (!viewer) return 'anonymous';
  if (viewer.kind === 'partner') return 'partner';
  return `staff:${[...viewer.roles].sort().join(',')}`;
}
