// Language-independent part of the analysis: longest-phrase matching of tokens against a lexicon, then a
// rule-based score over the matches (negation windows, intensifiers, contrast and concession, questions)
// and the topics they name. One pass over the tokens; the phrase lookahead is bounded by the lexicon.
import { MARKER, type Entry, type Lexicon, type TrieNode } from './lexicon';

export type Boundary = 'clause' | 'sentence' | 'question';

export interface Token {
  /** The token's candidate forms, most literal first (inflections, spelling variants). */
  forms: string[];
  boundary?: Boundary;
}

export interface Unit {
  text: string;
  entry?: Entry;
  boundary?: Boundary;
  /** Topics named by parts of a token that is not itself in the lexicon (Chinese compounds). */
  topics?: string[];
}

/** How many tokens after a negator it still applies to. */
const NEGATION_WINDOW = 3;
/** How many tokens after an intensifier it still applies to. */
const INTENSIFIER_WINDOW = 2;
/** A negated sentiment word keeps this share of its strength, reversed ("not bad" is milder than "good"). */
const NEGATION_FACTOR = -0.75;
const CONTRAST_BEFORE = 0.5;
const CONTRAST_AFTER = 1.5;
const CONCESSION = 0.5;
/** In a question, praise words are mostly asked about ("is the app good?"); complaints still count. */
const QUESTION_POSITIVE = 0.1;
const QUESTION_NEGATIVE = 0.7;
/** Normalises the raw sum into [-1, 1] (as VADER does): x / sqrt(x² + ALPHA). */
const ALPHA = 15;
/** |score| below this is NEUTRAL. */
export const NEUTRAL_BAND = 0.15;

function longest(tokens: Token[], start: number, lexicon: Lexicon): { end: number; entry: Entry } | undefined {
  let best: { end: number; entry: Entry } | undefined;
  const walk = (node: TrieNode, j: number) => {
    if (node.entry && j > start && (!best || j > best.end)) best = { end: j, entry: node.entry };
    if (j - start >= lexicon.maxLength || j >= tokens.length || tokens[j].boundary) return;
    for (const form of tokens[j].forms) {
      const child = node.next.get(form);
      if (child) walk(child, j + 1);
    }
  };
  walk(lexicon.trie, start);
  return best;
}

/** Matches tokens against the lexicon, longest phrase first; `parts` finds topics inside an unmatched token. */
export function matchUnits(tokens: Token[], lexicon: Lexicon, parts?: (token: string) => string[]): Unit[] {
  const units: Unit[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i];
    if (token.boundary) {
      units.push({ text: token.forms[0] ?? '', boundary: token.boundary });
      i += 1;
      continue;
    }
    const found = longest(tokens, i, lexicon);
    if (found) {
      units.push({ text: tokens.slice(i, found.end).map((t) => t.forms[0]).join(' '), entry: found.entry });
      i = found.end;
      continue;
    }
    const unit: Unit = { text: token.forms[0] ?? '' };
    if (parts) {
      const topics = parts(unit.text).flatMap((p) => lexicon.trie.next.get(p)?.entry?.topics ?? []);
      if (topics.length > 0) unit.topics = topics;
    }
    units.push(unit);
    i += 1;
  }
  return units;
}

/** Finds phrases of `trie` (extra topics) anywhere in the tokens, for their topics only. */
export function matchTopics(tokens: Token[], trie: TrieNode, maxLength: number, parts?: (token: string) => string[]): string[] {
  const found = new Set<string>();
  const lexicon: Lexicon = { trie, maxLength, emphaticSuspenders: new Set() };
  tokens.forEach((token, i) => {
    if (token.boundary) return;
    const m = longest(tokens, i, lexicon);
    m?.entry.topics?.forEach((t) => found.add(t));
    if (!m && parts) for (const p of parts(token.forms[0] ?? '')) trie.next.get(p)?.entry?.topics?.forEach((t) => found.add(t));
  });
  return [...found];
}

interface Sentence {
  units: Unit[];
  question: boolean;
  topics: Set<string>;
}

function sentencesOf(units: Unit[], isQuestionWord: (text: string) => boolean): Sentence[] {
  const sentences: Sentence[] = [];
  let current: Unit[] = [];
  const close = (question: boolean) => {
    if (current.length === 0) return;
    const words = current.filter((u) => !u.boundary);
    const last = words[words.length - 1];
    const topics = new Set(current.flatMap((u) => [...(u.entry?.topics ?? []), ...(u.topics ?? [])]));
    sentences.push({ units: current, question: question || (last !== undefined && isQuestionWord(last.text)), topics });
    current = [];
  };
  for (const u of units) {
    current.push(u);
    if (u.boundary === 'sentence' || u.boundary === 'question') close(u.boundary === 'question');
  }
  close(false);
  return sentences;
}

/** For each unit, the topics and markers named in its clause. */
function clauseTopicsOf(units: Unit[]): Set<string>[] {
  const out: Set<string>[] = [];
  let start = 0;
  const close = (end: number) => {
    const topics = new Set(units.slice(start, end).flatMap((u) => [...(u.entry?.topics ?? []), ...(u.topics ?? [])]));
    for (let i = start; i < end; i += 1) out.push(topics);
    start = end;
  };
  units.forEach((u, i) => {
    if (u.boundary) close(i + 1);
  });
  close(units.length);
  return out;
}

export interface Scored {
  score: number;
  topics: string[];
}

/** Scores matched units: a sum of sentiment values, shaped by the rules above, normalised into [-1, 1]. */
export function scoreUnits(units: Unit[], lexicon: Lexicon, isQuestionWord: (text: string) => boolean): Scored {
  let total = 0;
  let weight = 1;
  const topics = new Set<string>();
  for (const sentence of sentencesOf(units, isQuestionWord)) {
    sentence.topics.forEach((t) => topics.add(t));
    let negation = 0;
    let emphatic = false;
    let intensity = 1;
    let intensifierLeft = 0;
    let clauseWeight = 1;
    const clauseTopics = clauseTopicsOf(sentence.units);
    for (const [index, unit] of sentence.units.entries()) {
      if (unit.boundary) {
        negation = 0;
        intensity = 1;
        intensifierLeft = 0;
        clauseWeight = 1;
        continue;
      }
      const e = unit.entry;
      if (e?.contrast) {
        total *= CONTRAST_BEFORE;
        weight = CONTRAST_AFTER;
        negation = 0;
        clauseWeight = 1;
        continue;
      }
      if (e?.concessive) {
        clauseWeight = CONCESSION;
        negation = 0;
        continue;
      }
      if (e?.negator) {
        negation = NEGATION_WINDOW;
        emphatic = e.emphaticNegator === true;
        continue;
      }
      if (e?.intensifier !== undefined) {
        if (negation > 0 && emphatic && lexicon.emphaticSuspenders.has(unit.text)) negation = 0;
        intensity = Math.min(3, intensity * e.intensifier);
        intensifierLeft = INTENSIFIER_WINDOW;
        if (negation > 0) negation -= 1;
        continue;
      }
      if (negation > 0 && emphatic && lexicon.emphaticSuspenders.has(unit.text)) negation = 0;
      let value = e?.sentiment;
      const c = e?.conditional;
      if (value === undefined && c && c.when.some((t) => clauseTopics[index].has(t))) {
        value = c.invertWhen?.some((t) => clauseTopics[index].has(t)) ? -c.value : c.value;
      }
      if (value !== undefined && value !== 0) {
        let v = value * (intensifierLeft > 0 ? intensity : 1);
        if (negation > 0) v *= NEGATION_FACTOR;
        if (sentence.question) v *= v > 0 ? QUESTION_POSITIVE : QUESTION_NEGATIVE;
        total += v * weight * clauseWeight;
        intensity = 1;
        intensifierLeft = 0;
      } else {
        if (intensifierLeft > 0) intensifierLeft -= 1;
        if (intensifierLeft === 0) intensity = 1;
      }
      // A noun that names a topic, or a conjunction, closes the negation's scope ("no fees and great service").
      if (e?.scopeEnd || (e?.topics && value === undefined)) negation = 0;
      else if (negation > 0) negation -= 1;
    }
  }
  const score = total / Math.sqrt(total * total + ALPHA);
  return { score, topics: [...topics].filter((t) => !t.startsWith(MARKER)) };
}
