// A mutation's payload: the object it changed under `field`, or the userErrors that say why nothing
// changed (invalid input, or a rule the write refused with a domain error). Every module's mutations
// go through here, so that input validation and error mapping happen in one place.
import { DomainError, type Problem } from '../domain/errors';
import type { Context } from './context';
import { graphqlErrorOf } from './domain-errors';
import type { UserError } from './errors';
import { isDatabaseUnavailable, savedButUnavailable } from './plugins';
import { validateInput } from './validate';

/** Tries of the read-back after a committed write, and the pause before each retry. */
export const READ_BACK_TRIES = 3;
const READ_BACK_PAUSE_MS = 100;

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
    ctx.committedWrite = true;
    ctx.em.clear();
    return shape(await readBack(() => read(result)), [], options.extra?.(result));
  } catch (err) {
    if (err instanceof DomainError) {
      if (err.outcome === 'USER_ERROR') return shape(null, err.problems);
      throw graphqlErrorOf(err);
    }
    throw err;
  }
}

/**
 * Reads back what a committed write changed. A connection that broke (the pool may still hold one from
 * before a database restart) is given up by the pool, so the read is tried again on another: the write
 * stands, and the caller should get it rather than an answer that says to send it again.
 */
async function readBack<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      if (attempt >= READ_BACK_TRIES) throw savedButUnavailable(err);
      await new Promise((resolve) => setTimeout(resolve, READ_BACK_PAUSE_MS * attempt));
    }
  }
}
