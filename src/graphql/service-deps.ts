// From a request to what a service needs: one way for every module (modules add their own extras).
import type { ServiceDeps } from '../domain/deps';
import type { Context } from './context';

export function serviceDeps(ctx: Context): ServiceDeps {
  return { em: ctx.em, viewer: ctx.viewer, requestId: ctx.requestId, now: ctx.now, config: ctx.config };
}
