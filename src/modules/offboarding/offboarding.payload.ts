// From a request to an offboarding write and back: the shared service deps plus offboarding's own extra
// (the checklist items and anonymisers that the app's modules contribute), and the write shaped as a payload.
import type { Context } from '../../graphql/context';
import { mutationPayload, type Payload } from '../../graphql/payload';
import { serviceDeps } from '../../graphql/service-deps';
import { contributionsOf } from '../../module';
import type { OffboardingDeps } from './offboarding.deps';

export function depsOf(ctx: Context): OffboardingDeps {
  return {
    ...serviceDeps(ctx),
    contributors: contributionsOf(ctx.modules, 'checklistItems'),
    anonymisers: contributionsOf(ctx.modules, 'anonymisers'),
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
