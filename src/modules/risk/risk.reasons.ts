// A factor's reason in words, rendered when a score is read from the numbers the score keeps (the
// feature's value and its contribution) and the words of its model (label and value format per feature;
// a model's features never change once it has scored). Scoring a million customers thus writes two arrays
// of numbers per score, not sixteen sentences in two languages.
import type { RiskFactor } from './risk-score.entity';
import type { ModelFeature } from './risk.model-spec';

const SCALE = [1, 10, 100];

/**
 * `v` rounded to `decimals` places as PostgreSQL rounds `v::numeric` (the double's 15 significant digits,
 * then half away from zero), as a decimal string without a sign ("0.13", "12.00").
 */
function roundedDigits(v: number, decimals: number): string {
  // Most values are nowhere near a tie: scaled, they are more than a millionth from .5, far beyond what
  // cutting to 15 significant digits (at most 5e-8 below 1e8) or the multiplication can move, so rounding
  // the double itself gives PostgreSQL's digits, without writing the number out first.
  const x = decimals <= 2 ? Math.abs(v) * SCALE[decimals] : Infinity;
  if (x < 1e8 && Math.abs(x - Math.floor(x) - 0.5) > 1e-6) {
    const n = Math.round(x);
    if (decimals === 0) return String(n);
    const tail = n % SCALE[decimals];
    return `${(n - tail) / SCALE[decimals]}.${String(tail).padStart(decimals, '0')}`;
  }
  // Near a tie (or beyond 1e8), digit by digit from the 15 significant digits PostgreSQL keeps.
  // Beyond 21 digits or below 1e-6 toPrecision writes an exponent; such values are far outside any feature.
  const text = Math.abs(v).toPrecision(15);
  const plain = text.includes('e') ? Math.abs(v).toFixed(decimals + 2) : text;
  const [whole, fraction = ''] = plain.split('.');
  const digits = (whole + fraction.padEnd(decimals + 1, '0').slice(0, decimals + 1)).split('').map(Number);
  const up = digits.pop()! >= 5;
  if (up) {
    let i = digits.length - 1;
    while (i >= 0 && digits[i] === 9) digits[i--] = 0;
    if (i >= 0) digits[i] += 1;
    else digits.unshift(1);
  }
  const all = digits.join('').padStart(decimals + 1, '0');
  const head = all.slice(0, all.length - decimals).replace(/^0+(?=\d)/, '');
  return decimals > 0 ? `${head}.${all.slice(all.length - decimals)}` : head;
}

/** Signed as PostgreSQL writes numerics: a minus only when the rounded value is not zero. */
function signed(v: number, digits: string): { negative: boolean; digits: string } {
  return { negative: v < 0 && /[1-9]/.test(digits), digits };
}

/** The value as a reason shows it: a signed percentage, yes/no, or a number with at most two decimals. */
export function valueText(v: number | null, format: ModelFeature['format'], zh: boolean): string {
  if (v === null || !Number.isFinite(v)) return zh ? '未知' : 'unknown';
  switch (format) {
    case 'PERCENT': {
      const r = signed(v * 100, roundedDigits(v * 100, 0));
      return `${v >= 0 ? '+' : r.negative ? '-' : ''}${r.digits}%`;
    }
    case 'YES_NO':
      return v >= 0.5 ? (zh ? '是' : 'yes') : zh ? '否' : 'no';
    default: {
      const r = signed(v, roundedDigits(v, 2));
      return `${r.negative ? '-' : ''}${r.digits.replace(/0+$/, '').replace(/\.$/, '')}`;
    }
  }
}

/** A contribution to the logit, always signed, two decimals ("+0.31", "-1.20"), rounded as a numeric. */
export function contributionText(k: number): string {
  const r = signed(k, roundedDigits(k, 2));
  return `${r.negative ? '-' : '+'}${r.digits}`;
}

/**
 * A factor of a score, worded when its reason is read: a list that shows only the English reason words no
 * Chinese, and a list that shows no reason words none. The words live on the prototype, so a factor is one
 * small object.
 */
export class WordedFactor implements RiskFactor {
  constructor(
    private readonly spec: ModelFeature,
    readonly value: number | null,
    readonly contribution: number,
  ) {}
  get feature(): string {
    return this.spec.name;
  }
  get reasonEn(): string {
    return `${this.spec.labelEn} ${valueText(this.value, this.spec.format, false)}: ${contributionText(this.contribution)}`;
  }
  /** The English reason under the name the GraphQL type gives it. */
  get reason(): string {
    return this.reasonEn;
  }
  get reasonZh(): string {
    return `${this.spec.labelZh} ${valueText(this.value, this.spec.format, true)}：${contributionText(this.contribution)}`;
  }
  /** As a plain object (getters are not serialised on their own). */
  toJSON(): RiskFactor {
    return { feature: this.feature, value: this.value, contribution: this.contribution, reasonEn: this.reasonEn, reasonZh: this.reasonZh };
  }
}

/**
 * The factors of a score from its arrays (in the order of its model's features); none for a score
 * without a model (an external one).
 */
export function factorsOf(features: ModelFeature[] | undefined, values: (number | null)[] | null, contributions: number[] | null): WordedFactor[] {
  if (!features || !values || !contributions) return [];
  return features.map((f, i) => new WordedFactor(f, values[i] ?? null, Number(contributions[i] ?? 0)));
}
