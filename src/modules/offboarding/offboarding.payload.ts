// From a request to a service call and back: the service's dependencies from the request context, and
// a write shaped as a payload.
import type { Context } from '../../graphql/context';
import { mutationPayload, type Payload } from '../../graphql/payload';
import type { ChecklistContributor, KeelModule } from '../../module';
import type { OffboardingDeps } from './offboarding.deps';

/** The checklist contributions of the app's modules. */
function contributorsOf(modules: KeelModule[]): ChecklistContributor[] {
  return modules.flatMap((m) => m.checklistItems ?? []);
}

export function depsOf(ctx: Context): OffboardingDeps {
  return {
    em: ctx.em,
    viewer: ctx.viewer,
    requestId: ctx.requestId,
    now: ctx.now,
    config: ctx.config,
    contributors: contributorsOf(ctx.modules),
  };
}

/** A write on the request's offboarding dependencies, shaped as a payload under `field`. */
export function writePayload<K extends string, R, T>(
  ctx: Context,
  input: object,
  field: K,
  write: (deps: OffboardingDeps) => Promise<R>,
  read: (result: R) => Promise<T | null>,
): Promise<Payload<K, T>> {
  return mutationPayload(ctx, input, field, () => write(depsOf(ctx)), read);
}
