// From a request to an offboarding write and back: the shared service deps plus offboarding's own extra
// (the checklist contributions of the app's modules), and the write shaped as a payload.
import type { Context } from '../../graphql/context';
import { mutationPayload, type Payload } from '../../graphql/payload';
import { serviceDeps } from '../../graphql/service-deps';
import type { ChecklistContributor, KeelModule } from '../../module';
import type { OffboardingDeps } from './offboarding.deps';

/** The checklist contributions of the app's modules. */
function contributorsOf(modules: KeelModule[]): ChecklistContributor[] {
  return modules.flatMap((m) => m.checklistItems ?? []);
}

export function depsOf(ctx: Context): OffboardingDeps {
  return { ...serviceDeps(ctx), contributors: contributorsOf(ctx.modules) };
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
