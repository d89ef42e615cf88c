// From a request to a service call and back: the service's dependencies from the request context, and
// a write shaped as a payload (the changed object, or the userErrors that say why nothing changed).
import type { Context } from '../../graphql/context';
import { UserErrorsException, type UserError } from '../../graphql/errors';
import { validateInput } from '../../graphql/validate';
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

/** Validates the input, runs the write, and reads back what it changed under `field`. */
export async function writePayload<K extends string, R, T>(
  ctx: Context,
  input: object,
  field: K,
  write: (deps: OffboardingDeps) => Promise<R>,
  read: (result: R) => Promise<T | null>,
): Promise<{ [P in K]: T | null } & { userErrors: UserError[] }> {
  const shape = (value: T | null, userErrors: UserError[]) => ({ [field]: value, userErrors }) as { [P in K]: T | null } & { userErrors: UserError[] };
  const invalid = await validateInput(input);
  if (invalid.length) return shape(null, invalid);
  try {
    const result = await write(depsOf(ctx));
    ctx.em.clear();
    return shape(await read(result), []);
  } catch (err) {
    if (err instanceof UserErrorsException) return shape(null, err.userErrors);
    throw err;
  }
}
