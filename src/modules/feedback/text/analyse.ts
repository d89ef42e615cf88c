// The analysis behind index.ts: language detection, cleaning of hostile input, tokens by language, then the
// shared matching and scoring (score.ts), plus configured extra topics.
import { formsOf, splitEnglishTerm, tokeniseEnglish } from './english';
import { addDurations, chineseTermForms, isChineseQuestionWord, partsOf, refineChinese, tokeniseChinese, type ChineseRules } from './chinese';
import {
  CHINESE_DATA,
  CHINESE_TOPICS,
  ENGLISH_DATA,
  ENGLISH_TOPICS,
  addPhrase,
  buildLexicon,
  newTrie,
  type Lexicon,
  type TrieNode,
} from './lexicon';
import { NEUTRAL_BAND, matchTopics, matchUnits, scoreUnits, type Token } from './score';
import type { TopicRule } from './topic-rules';

export type SentimentLabel = 'NEGATIVE' | 'NEUTRAL' | 'POSITIVE';

export interface TextAnalysis {
  /** Detected from the share of CJK characters, unless given. */
  language: 'en' | 'zh';
  /** score in [-1, 1], rounded to 3 decimals. */
  sentiment: { score: number; label: SentimentLabel };
  /** Topic codes, sorted, unique. */
  topics: string[];
}

/** Longer text is analysed up to here: feedback longer than this says what it has to say before it. */
const MAX_ANALYSED_CHARS = 20_000;

let english: Lexicon | undefined;
let chinese: Lexicon | undefined;

const englishLexicon = () => (english ??= buildLexicon(ENGLISH_DATA, ENGLISH_TOPICS, (t) => [splitEnglishTerm(t)]));
const CHINESE_RULES = CHINESE_DATA as ChineseRules;

function chineseLexicon(): Lexicon {
  if (!chinese) {
    chinese = buildLexicon(CHINESE_DATA, CHINESE_TOPICS, chineseTermForms);
    addDurations(chinese, CHINESE_RULES);
  }
  return chinese;
}
const isEnglishQuestionWord = () => false;

// Control characters (but tab and newline), and UTF-16 halves without their partner, become spaces.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function clean(text: string): string {
  let t = typeof text === 'string' ? text : '';
  if (t.length > MAX_ANALYSED_CHARS) t = t.slice(0, MAX_ANALYSED_CHARS);
  return t.normalize('NFKC').replace(UNSAFE, ' ');
}

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g;
const LATIN = /[a-zA-Z]/g;

/** 'zh' when CJK characters are at least a third of the letters (a Chinese character says more than a Latin letter). */
export function detectLanguage(text: string): 'en' | 'zh' {
  const cjk = text.match(CJK)?.length ?? 0;
  const latin = text.match(LATIN)?.length ?? 0;
  return cjk > 0 && cjk * 3 >= cjk + latin ? 'zh' : 'en';
}

interface ExtraTries {
  en: TrieNode;
  enMax: number;
  zh?: TrieNode;
  zhMax: number;
}

const extraCache = new WeakMap<TopicRule[], ExtraTries>();

function extraTries(rules: TopicRule[], language: 'en' | 'zh'): ExtraTries {
  let tries = extraCache.get(rules);
  if (!tries) {
    tries = { en: newTrie(), enMax: 1, zhMax: 1 };
    for (const r of rules) for (const term of r.en) tries.enMax = Math.max(tries.enMax, addPhrase(tries.en, splitEnglishTerm(term), { topics: [r.code] }));
    extraCache.set(rules, tries);
  }
  if (language === 'zh' && !tries.zh) {
    const zh = newTrie();
    for (const r of rules) for (const term of r.zh) for (const tokens of chineseTermForms(term)) tries.zhMax = Math.max(tries.zhMax, addPhrase(zh, tokens, { topics: [r.code] }));
    tries.zh = zh;
  }
  return tries;
}

function round3(x: number): number {
  const r = Math.round(Math.max(-1, Math.min(1, x)) * 1000) / 1000;
  return r === 0 ? 0 : r;
}

/** Analyses one piece of feedback. Never throws on any string; time grows linearly with its length. */
export function analyseText(text: string, opts?: { language?: 'en' | 'zh'; extraTopics?: TopicRule[] }): TextAnalysis {
  const cleaned = clean(text);
  const language = opts?.language === 'en' || opts?.language === 'zh' ? opts.language : detectLanguage(cleaned);
  const lexicon = language === 'zh' ? chineseLexicon() : englishLexicon();
  const tokens = language === 'zh' ? refineChinese(tokeniseChinese(cleaned), lexicon, CHINESE_RULES) : tokeniseEnglish(cleaned, ENGLISH_DATA.typos ?? {});
  return analyseTokens(language, tokens, opts?.extraTopics ?? []);
}

/**
 * The analysis of tokens already made (each a word, or a punctuation mark that ends a clause or sentence).
 * analyseText uses it after its tokenisers; tests use it to show how a token jieba may or may not split
 * (不满意 against 不 + 满意) is read.
 */
export function analyseTokens(language: 'en' | 'zh', input: Token[] | string[], extra: TopicRule[] = []): TextAnalysis {
  const lexicon = language === 'zh' ? chineseLexicon() : englishLexicon();
  const parts = language === 'zh' ? partsOf : undefined;
  const tokens: Token[] = input.map((t) => (typeof t === 'string' ? tokenFromText(language, t) : t));
  const units = matchUnits(tokens, lexicon, parts);
  const scored = scoreUnits(units, lexicon, language === 'zh' ? isChineseQuestionWord : isEnglishQuestionWord);
  const topics = new Set(scored.topics);
  if (extra.length > 0) {
    const tries = extraTries(extra, language);
    const found = language === 'zh' ? matchTopics(tokens, tries.zh!, tries.zhMax, parts) : matchTopics(tokens, tries.en, tries.enMax);
    found.forEach((t) => topics.add(t));
  }
  const score = round3(scored.score);
  const label: SentimentLabel = score >= NEUTRAL_BAND ? 'POSITIVE' : score <= -NEUTRAL_BAND ? 'NEGATIVE' : 'NEUTRAL';
  return { language, sentiment: { score, label }, topics: [...topics].sort() };
}

const PUNCTUATION: Record<string, Token['boundary']> = { ',': 'clause', '，': 'clause', '.': 'sentence', '。': 'sentence', '?': 'question', '？': 'question' };

function tokenFromText(language: 'en' | 'zh', t: string): Token {
  const boundary = PUNCTUATION[t];
  if (boundary) return { forms: [t], boundary };
  return { forms: language === 'en' ? formsOf(t.toLowerCase()) : [t] };
}
