// The lexicons shipped as data (./data) turned into one phrase trie per language: each entry says what a
// word or phrase is (a sentiment value, a negator, an intensifier, a contrast or concession marker, the end
// of a negation's scope) and which topics it names. Matching takes the longest phrase at each position.
import enSentiment from './data/sentiment.en.json';
import enTopics from './data/topics.en.json';
import zhSentiment from './data/sentiment.zh.json';
import zhTopics from './data/topics.zh.json';

export interface Conditional {
  value: number;
  /** The value counts only when one of these topics is named in the same clause ("fees are high"). */
  when: string[];
  /** ...and counts reversed when one of these markers is there too (high rates on savings are good). */
  invertWhen?: string[];
}

/** Topics whose code starts with this are markers the rules use, never reported ("~savings"). */
export const MARKER = '~';

export interface Entry {
  sentiment?: number;
  negator?: boolean;
  emphaticNegator?: boolean;
  intensifier?: number;
  contrast?: boolean;
  concessive?: boolean;
  scopeEnd?: boolean;
  conditional?: Conditional;
  topics?: string[];
}

export interface TrieNode {
  next: Map<string, TrieNode>;
  entry?: Entry;
}

export interface Lexicon {
  trie: TrieNode;
  /** The longest phrase, in tokens: matching never looks further ahead than this. */
  maxLength: number;
  /** Words that, after an emphatic negator ("never ... so"), mean emphasis rather than negation. */
  emphaticSuspenders: Set<string>;
}

export interface SentimentData {
  terms: Record<string, number>;
  negators: string[];
  intensifiers: Record<string, number>;
  contrast: string[];
  concessive: string[];
  scopeEnd: string[];
  emphaticNegators: string[];
  emphaticSuspenders: string[];
  conditional: { term: string; value: number; when: string[]; invertWhen?: string[] }[];
  /** Words that mark a context for the conditional rules, by marker name. */
  markers?: Record<string, string[]>;
  typos?: Record<string, string>;
  /** Spans of time ("45 minutes", "three weeks"): each quantity before each unit names `topic`. */
  durations?: { quantities: string[]; units: string[]; topic: string };
}

export const BUILT_IN_TOPIC_CODES = [
  'fees',
  'interest_rates',
  'service',
  'waiting_time',
  'digital',
  'branch',
  'fraud',
  'cards',
  'loans',
  'mortgage',
  'staff',
] as const;

export const newTrie = (): TrieNode => ({ next: new Map() });

/** Adds a phrase (its tokens) to the trie and merges `patch` into its entry. */
export function addPhrase(trie: TrieNode, tokens: string[], patch: Entry): number {
  if (tokens.length === 0) return 0;
  let node = trie;
  for (const t of tokens) {
    let child = node.next.get(t);
    if (!child) {
      child = newTrie();
      node.next.set(t, child);
    }
    node = child;
  }
  const entry = (node.entry ??= {});
  for (const [k, v] of Object.entries(patch) as [keyof Entry, never][]) {
    if (k === 'topics') entry.topics = [...new Set([...(entry.topics ?? []), ...(v as string[])])];
    else entry[k] = v;
  }
  return tokens.length;
}

/** Builds a language's lexicon, splitting each term into tokens with that language's `split` (which may give
 *  more than one way: a Chinese term is kept whole too, as jieba may keep it whole in a sentence). */
export function buildLexicon(data: SentimentData, topics: Record<string, string[]>, split: (term: string) => string[][]): Lexicon {
  const trie = newTrie();
  let maxLength = 1;
  const add = (term: string, patch: Entry) => {
    for (const tokens of split(term)) maxLength = Math.max(maxLength, addPhrase(trie, tokens, patch));
  };
  for (const [term, value] of Object.entries(data.terms)) add(term, { sentiment: value });
  for (const c of data.conditional) add(c.term, { conditional: { value: c.value, when: c.when, invertWhen: c.invertWhen } });
  for (const [marker, terms] of Object.entries(data.markers ?? {})) for (const term of terms) add(term, { topics: [MARKER + marker] });
  for (const term of data.negators) add(term, { negator: true, emphaticNegator: data.emphaticNegators.includes(term) });
  for (const [term, factor] of Object.entries(data.intensifiers)) add(term, { intensifier: factor });
  for (const term of data.contrast) add(term, { contrast: true });
  for (const term of data.concessive) add(term, { concessive: true });
  for (const term of data.scopeEnd) add(term, { scopeEnd: true });
  for (const [code, terms] of Object.entries(topics)) for (const term of terms) add(term, { topics: [code] });
  const d = data.durations;
  if (d) for (const q of d.quantities) for (const u of d.units) add(`${q} ${u}`, { topics: [d.topic] });
  return { trie, maxLength, emphaticSuspenders: new Set(data.emphaticSuspenders) };
}

export const ENGLISH_DATA = enSentiment as SentimentData;
export const ENGLISH_TOPICS = enTopics.topics as Record<string, string[]>;
export const CHINESE_DATA = zhSentiment as unknown as SentimentData;
export const CHINESE_TOPICS = zhTopics.topics as Record<string, string[]>;
