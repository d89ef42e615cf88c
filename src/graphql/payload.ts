// A mutation's payload: the object it changed under `field`, or the userErrors that say why nothing
// changed (invalid input, or a rule the write refused with a domain error).
import { DomainError } from '../domain/errors';
import type { Context } from './context';
import { graphqlErrorOf } from './domain-errors';
import type { UserError } from './errors';
import { validateInput } from './validate';

export type Payload<K extends string, T> = { [P in K]: T | null } & { userErrors: UserError[] };

/** Validates the input, runs the write, and reads back what it changed (fresh, not from the unit of work). */
export async function mutationPayload<K extends string, R, T>(
  ctx: Context,
  input: object,
  field: K,
  write: () => Promise<R>,
  read: (result: R) => Promise<T | null>,
): Promise<Payload<K, T>> {
  const shape = (value: T | null, userErrors: UserError[]) => ({ [field]: value, userErrors }) as Payload<K, T>;
  const invalid = await validateInput(input);
  if (invalid.length) return shape(null, invalid);
  try {
    const result = await write();
    ctx.em.clear();
    return shape(await read(result), []);
  } catch (err) {
    if (err instanceof DomainError) {
      if (err.outcome === 'USER_ERROR') return shape(null, err.problems);
      throw graphqlErrorOf(err);
    }
    throw err;
  }
}
