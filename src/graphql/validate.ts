// Input validation that answers with userErrors (the caller can fix these), not GraphQL errors.
import { validate, type ValidationError } from 'class-validator';
import { userError, type UserError } from './errors';

function flatten(errors: ValidationError[], path: string[]): UserError[] {
  return errors.flatMap((e) => {
    const here = [...path, e.property];
    const own = Object.values(e.constraints ?? {}).map((message) => userError(here, 'INVALID', message));
    return [...own, ...flatten(e.children ?? [], here)];
  });
}

export async function validateInput(input: object, path: string[] = ['input']): Promise<UserError[]> {
  const errors = await validate(input, { forbidUnknownValues: false, validationError: { target: false, value: false } });
  return flatten(errors, path);
}
