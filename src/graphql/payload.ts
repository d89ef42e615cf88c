// A mutation's payload: the object it changed under `field`, or the userErrors that say why nothing
// changed (invalid input, or a rule the write refused with a domain error). Every module's mutations
// go through here, so that input validation and error mapping happen in one place.
import { DomainError, type Problem } from '../domain/errors';
import type { Context } from './context';
import { graphqlErrorOf } from './domain-errors';
import type { UserError } from './errors';
import { validateInput } from './validate';

export type Payload<K extends string, T, X extends object = object> = { [P in K]: T | null } & Partial<X> & { userErrors: UserError[] };

export interface PayloadOptions<R, X extends object> {
  /** More fields of the payload from the write's result (e.g. a token shown once); absent, hence null, on userErrors. */
  extra?: (result: R) => X;
  /** Rules on the input alone, answered in one list with its format problems before anything is written. */
  check?: () => Problem[];
}

/** Validates the input, runs the write, and reads back what it changed (fresh, not from the unit of work). */
export async function mutationPayload<K extends string, R, T, X extends object = object>(
  ctx: Context,
  input: object,
  field: K,
  write: () => Promise<R>,
  read: (result: R) => Promise<T | null>,
  options: PayloadOptions<R, X> = {},
): Promise<Payload<K, T, X>> {
  const shape = (value: T | null, userErrors: UserError[], extra?: X) => ({ ...extra, [field]: value, userErrors }) as Payload<K, T, X>;
  const invalid: UserError[] = [...(await validateInput(input)), ...(options.check?.() ?? [])];
  if (invalid.length) return shape(null, invalid);
  try {
    const result = await write();
    ctx.em.clear();
    return shape(await read(result), [], options.extra?.(result));
  } catch (err) {
    if (err instanceof DomainError) {
      if (err.outcome === 'USER_ERROR') return shape(null, err.problems);
      throw graphqlErrorOf(err);
    }
    throw err;
  }
}
