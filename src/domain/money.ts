// Money arithmetic on integer minor units; services and the GraphQL Money type share it.

// ISO 4217 minor units for currencies that differ from the usual two.
const MINOR_DIGITS: Record<string, number> = {
  BHD: 3, BIF: 0, CLP: 0, DJF: 0, GNF: 0, IQD: 3, ISK: 0, JOD: 3, JPY: 0, KMF: 0, KRW: 0, KWD: 3,
  LYD: 3, OMR: 3, PYG: 0, RWF: 0, TND: 3, UGX: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
};

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency] ?? 2;
}

/** Formats integer minor units (as a string or bigint) as a decimal string with the currency's digits. */
export function formatMinor(minor: string | bigint | number, currency: string): string {
  const digits = minorDigits(currency);
  let n = BigInt(minor);
  const negative = n < 0n;
  if (negative) n = -n;
  const s = n.toString().padStart(digits + 1, '0');
  const whole = digits === 0 ? s : s.slice(0, -digits);
  const frac = digits === 0 ? '' : `.${s.slice(-digits)}`;
  return `${negative ? '-' : ''}${whole}${frac}`;
}

/** Parses a decimal string into minor units; null when it is not a valid amount for the currency. */
export function parseAmount(amount: string, currency: string): bigint | null {
  const digits = minorDigits(currency);
  const m = /^(\d{1,15})(?:\.(\d+))?$/.exec(amount);
  if (!m) return null;
  const frac = m[2] ?? '';
  if (frac.length > digits) return null;
  return BigInt(m[1]) * 10n ** BigInt(digits) + BigInt(frac.padEnd(digits, '0') || '0');
}
