// Chinese tokens: traditional characters mapped to simplified, then segmented by jieba (@node-rs/jieba,
// its default dictionary loaded once, on first use). Lexicon words are matched against these tokens; a
// token the lexicon does not know is split again by jieba's search mode to find topic words inside it.
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import traditional from './data/traditional.zh.json';
import { addPhrase, type Lexicon } from './lexicon';
import type { Token } from './score';

let jieba: Jieba | undefined;

/** The segmenter, made on first use (loading the dictionary takes a fraction of a second). */
export function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

let simplified: Map<string, string> | undefined;

function simplifiedMap(): Map<string, string> {
  if (!simplified) {
    simplified = new Map();
    const chars = Array.from(traditional.pairs);
    for (let i = 0; i + 1 < chars.length; i += 2) simplified.set(chars[i], chars[i + 1]);
  }
  return simplified;
}

export function toSimplified(text: string): string {
  const map = simplifiedMap();
  let out = '';
  for (const ch of text) out += map.get(ch) ?? ch;
  return out;
}

const CLAUSE = new Set(['，', ',', '、', '；', ';', '：', ':', '（', '）', '(', ')', '—', '－', '~', '～']);
const SENTENCE = new Set(['。', '！', '!', '…', '.', '\n']);
const QUESTION = new Set(['？', '?']);
const QUESTION_PARTICLES = new Set(['吗', '么', '嘛']);

export const isChineseQuestionWord = (t: string) => QUESTION_PARTICLES.has(t);

/** A lexicon term as jieba tokens, as text is split, and (when that is more than one token) whole. */
export function chineseTermForms(term: string): string[][] {
  const tokens = splitChineseTerm(term);
  const whole = toSimplified(term.toLowerCase()).trim();
  return tokens.length > 1 && whole.length > 0 ? [tokens, [whole]] : [tokens];
}

/** Splits a lexicon term into jieba tokens, as text is split. */
export function splitChineseTerm(term: string): string[] {
  return segmenter()
    .cut(toSimplified(term.toLowerCase()), true)
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
}

export function tokeniseChinese(text: string): Token[] {
  const tokens: Token[] = [];
  for (const raw of segmenter().cut(toSimplified(text.toLowerCase()), true)) {
    const t = raw.trim();
    if (t.length === 0) {
      if (raw.includes('\n')) tokens.push({ forms: ['\n'], boundary: 'sentence' });
      continue;
    }
    if (QUESTION.has(t)) tokens.push({ forms: [t], boundary: 'question' });
    else if (SENTENCE.has(t) || /^[。！!…\.]+$/.test(t)) tokens.push({ forms: [t], boundary: 'sentence' });
    else if (/^[？?]+$/.test(t)) tokens.push({ forms: [t], boundary: 'question' });
    else if (CLAUSE.has(t)) tokens.push({ forms: [t], boundary: 'clause' });
    else tokens.push({ forms: [t] });
  }
  return tokens;
}

/** Words inside a long token, by jieba's search mode (房贷利率 → 房贷, 利率), for topic matching. */
export function partsOf(token: string): string[] {
  if (Array.from(token).length < 3) return [];
  return segmenter()
    .cutForSearch(token, false)
    .filter((p) => p !== token);
}

/** What the Chinese rules need from the lexicon data besides its terms. */
export interface ChineseRules {
  politeOpeners?: string[];
  durationUnits?: { units: string[]; topic: string };
}

const QUANTITY = /^[一二两三四五六七八九十几半百千\d]+个?多?$/;
/** The form a number ("三个", "45") takes besides itself, as in English. */
export const QUANTITY_FORM = '#';
/** The form a one-token span of time ("五分钟", "一天") takes besides itself. */
export const DURATION_FORM = '#duration';

/** Adds the spans of time (a quantity, then a unit) to a Chinese lexicon. */
export function addDurations(lexicon: Lexicon, rules: ChineseRules): void {
  const d = rules.durationUnits;
  if (!d) return;
  addPhrase(lexicon.trie, [DURATION_FORM], { topics: [d.topic] });
  for (const unit of d.units) {
    addPhrase(lexicon.trie, [QUANTITY_FORM, unit], { topics: [d.topic] });
    addPhrase(lexicon.trie, [QUANTITY_FORM, '多', unit], { topics: [d.topic] });
  }
  lexicon.maxLength = Math.max(lexicon.maxLength, 3);
}

/**
 * Adjusts jieba's tokens to the lexicon: a token jieba keeps whole that is a modifier and a sentiment word
 * (太难用, 极差, 不慢) is split in two so that the modifier applies; a polite opener (麻烦…, "please…") at
 * the start of a sentence is not a complaint; numbers and spans of time get the forms the lexicon uses.
 */
export function refineChinese(tokens: Token[], lexicon: Lexicon, rules: ChineseRules): Token[] {
  const root = lexicon.trie.next;
  const polite = new Set(rules.politeOpeners ?? []);
  const units = rules.durationUnits?.units ?? [];
  const out: Token[] = [];
  let sentenceStart = true;
  for (const token of tokens) {
    const t = token.forms[0];
    if (token.boundary) {
      out.push(token);
      if (token.boundary !== 'clause') sentenceStart = true;
      continue;
    }
    const first = sentenceStart;
    sentenceStart = false;
    if (first && polite.has(t)) {
      out.push({ forms: ['请'] });
      continue;
    }
    if (QUANTITY.test(t)) {
      out.push({ forms: [t, QUANTITY_FORM] });
      continue;
    }
    const unit = units.find((u) => t.endsWith(u) && QUANTITY.test(t.slice(0, t.length - u.length)));
    if (unit) {
      out.push({ forms: [t, DURATION_FORM] });
      continue;
    }
    const chars = Array.from(t);
    if (chars.length >= 2 && !root.has(t)) {
      const head = root.get(chars[0])?.entry;
      const rest = root.get(chars.slice(1).join(''))?.entry;
      if (head && (head.intensifier !== undefined || head.negator) && rest && (rest.sentiment !== undefined || rest.conditional)) {
        out.push({ forms: [chars[0]] }, { forms: [chars.slice(1).join('')] });
        continue;
      }
    }
    out.push(token);
  }
  return out;
}
