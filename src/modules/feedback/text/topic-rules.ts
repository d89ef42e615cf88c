// Extra topics from configuration (FEEDBACK_EXTRA_TOPICS): "code=english terms|chinese terms" rules
// separated by ";", terms separated by ",". Example: "parking=parking,car park|停车,车位;insurance=insurance|保险".
import { BUILT_IN_TOPIC_CODES } from './lexicon';

/** A configurable topic: its code and the English and Chinese words or phrases that name it. */
export interface TopicRule {
  code: string;
  en: string[];
  zh: string[];
}

const CODE = /^[a-z][a-z0-9_]{0,39}$/;
const MAX_RULES = 100;
const MAX_TERMS = 200;
const MAX_TERM_LENGTH = 60;
// Control characters and the separators of the syntax may not appear inside a term.
// eslint-disable-next-line no-control-regex
const BAD_TERM = /[\u0000-\u001f\u007f=|;]/;

function termsOf(part: string, code: string, language: string): string[] {
  const trimmed = part.trim();
  if (trimmed === '') return [];
  const terms = trimmed.split(',').map((t) => t.trim());
  if (terms.length > MAX_TERMS) throw new Error(`FEEDBACK_EXTRA_TOPICS: topic "${code}" has more than ${MAX_TERMS} ${language} terms`);
  for (const t of terms) {
    if (t === '') throw new Error(`FEEDBACK_EXTRA_TOPICS: topic "${code}" has an empty ${language} term (two commas, or a comma at an end)`);
    if (t.length > MAX_TERM_LENGTH) throw new Error(`FEEDBACK_EXTRA_TOPICS: a ${language} term of topic "${code}" is longer than ${MAX_TERM_LENGTH} characters`);
    if (BAD_TERM.test(t)) throw new Error(`FEEDBACK_EXTRA_TOPICS: a ${language} term of topic "${code}" contains a control character or one of = | ;`);
    if (!/[\p{L}\p{N}]/u.test(t)) throw new Error(`FEEDBACK_EXTRA_TOPICS: the ${language} term "${t}" of topic "${code}" has no letter or digit`);
  }
  return [...new Set(terms.map((t) => t.toLowerCase()))];
}

/**
 * Parses the configuration value FEEDBACK_EXTRA_TOPICS, e.g. "parking=parking,car park|停车,车位;insurance=insurance|保险".
 * The Chinese part may be left out ("parking=parking,car park"); each topic needs at least one term. Throws an Error
 * naming the problem on a malformed value: a bad or duplicate code, a built-in code, empty term lists, an empty term.
 */
export function parseTopicRules(value: string): TopicRule[] {
  if (typeof value !== 'string') throw new Error('FEEDBACK_EXTRA_TOPICS must be a string');
  const rules: TopicRule[] = [];
  const parts = value.split(';').map((p) => p.trim());
  // One trailing ";" is tolerated; an empty rule elsewhere is a mistake.
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length === 1 && parts[0] === '') return [];
  if (parts.length > MAX_RULES) throw new Error(`FEEDBACK_EXTRA_TOPICS: more than ${MAX_RULES} topics`);
  for (const [i, part] of parts.entries()) {
    if (part === '') throw new Error(`FEEDBACK_EXTRA_TOPICS: topic ${i + 1} is empty (two ";" in a row?)`);
    const eq = part.indexOf('=');
    if (eq < 0) throw new Error(`FEEDBACK_EXTRA_TOPICS: topic ${i + 1} ("${part.slice(0, 40)}") has no "=": write code=english terms|chinese terms`);
    const code = part.slice(0, eq).trim();
    if (!CODE.test(code)) {
      throw new Error(`FEEDBACK_EXTRA_TOPICS: "${code.slice(0, 40)}" is not a topic code: lower-case letters, digits and _, starting with a letter, at most 40`);
    }
    if ((BUILT_IN_TOPIC_CODES as readonly string[]).includes(code)) throw new Error(`FEEDBACK_EXTRA_TOPICS: "${code}" is a built-in topic and cannot be redefined`);
    if (rules.some((r) => r.code === code)) throw new Error(`FEEDBACK_EXTRA_TOPICS: topic "${code}" is defined twice`);
    const sides = part.slice(eq + 1).split('|');
    if (sides.length > 2) throw new Error(`FEEDBACK_EXTRA_TOPICS: topic "${code}" has more than one "|" (english terms|chinese terms)`);
    const en = termsOf(sides[0], code, 'English');
    const zh = termsOf(sides[1] ?? '', code, 'Chinese');
    if (en.length === 0 && zh.length === 0) throw new Error(`FEEDBACK_EXTRA_TOPICS: topic "${code}" has no terms`);
    rules.push({ code, en, zh });
  }
  return rules;
}
