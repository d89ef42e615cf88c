import { Field, ObjectType } from 'type-graphql';
import { formatMinor } from '../domain/money';

// The arithmetic lives in the domain, where services use it; re-exported for the read side.
export { formatMinor, minorDigits, parseAmount } from '../domain/money';

@ObjectType({ description: 'An amount of money: a decimal string with the currency\'s own number of decimals.', simpleResolvers: true })
export class Money {
  @Field({ description: 'Decimal string, e.g. "1250.00" (EUR) or "1250" (JPY). Never a float.' })
  amount!: string;

  @Field({ description: 'ISO 4217 currency code.' })
  currency!: string;
}

export function money(minor: string | bigint | number, currency: string): Money {
  return { amount: formatMinor(minor, currency), currency };
}
