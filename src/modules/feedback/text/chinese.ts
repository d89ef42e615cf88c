// Chinese tokens: traditional characters mapped to simplified, then segmented by jieba (@node-rs/jieba,
// its default dictionary loaded once, on first use). Lexicon words are matched against these tokens; a
// token the lexicon does not know is split again by jieba's search mode to find topic words inside it.
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import traditional from './data/traditional.zh.json';
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
