// English tokens: lower case, contractions split ("don't" → do not), common misspellings corrected, and for
// each word its candidate base forms by light stemming (fees → fee, charged → charge, waiting → wait).
import type { Token } from './score';

const IRREGULAR_NEGATIONS: Record<string, string> = { wo: 'will', ca: 'can', sha: 'shall', ai: 'is' };
const CONTRACTIONS: Record<string, string> = { d: 'would', ll: 'will', re: 'are', ve: 'have', m: 'am' };
/** The form every number takes besides itself, so that lexicon phrases can say "any number" ("# minutes"). */
export const NUMBER = '#';
const CLAUSE = new Set([',', ';', ':', '(', ')', '-', '–', '—']);
const SENTENCE = new Set(['.', '!', '…', '\n']);

// Words, numbers (with decimals and %), and the punctuation that separates clauses and sentences.
const TOKEN = /[a-z]+(?:'[a-z]+)*|\d+(?:[.,]\d+)*%?[a-z]*|[.!?;,:()…\n–—]|\s-\s/g;

const TERM = new RegExp(`${NUMBER}|${TOKEN.source}`, 'g');

const VOWEL = /[aeiouy]/;

/** The word itself, then candidate base forms; bounded (at most a handful per word). */
export function formsOf(word: string): string[] {
  const out = [word];
  const add = (w: string) => {
    if (w.length >= 2 && VOWEL.test(w) && !out.includes(w)) out.push(w);
  };
  // "soooo", "slowww": letters repeated three times or more are squeezed to two, then one.
  if (/(.)\1\1/.test(word)) {
    add(word.replace(/(.)\1{2,}/g, '$1$1'));
    add(word.replace(/(.)\1{2,}/g, '$1'));
  }
  const w = out[out.length - 1];
  const n = w.length;
  if (n > 4 && w.endsWith('ies')) add(w.slice(0, -3) + 'y');
  if (n > 4 && w.endsWith('ied')) add(w.slice(0, -3) + 'y');
  if (n > 3 && w.endsWith('es')) add(w.slice(0, -2));
  if (n > 3 && w.endsWith('s') && !w.endsWith('ss')) add(w.slice(0, -1));
  if (n > 4 && w.endsWith('ed')) {
    add(w.slice(0, -2));
    add(w.slice(0, -1));
    if (w[n - 3] === w[n - 4]) add(w.slice(0, -3));
  }
  if (n > 5 && w.endsWith('ing')) {
    add(w.slice(0, -3));
    add(w.slice(0, -3) + 'e');
    if (w[n - 4] === w[n - 5]) add(w.slice(0, -4));
  }
  if (n > 5 && w.endsWith('ly')) add(w.slice(0, -2));
  return out;
}

function wordsOf(raw: string, typos: Record<string, string>): string[] {
  let word = raw;
  const apostrophe = word.indexOf("'");
  if (apostrophe >= 0) {
    if (word.endsWith("n't")) {
      const base = word.slice(0, -3);
      return [IRREGULAR_NEGATIONS[base] ?? base, 'not'].filter((w) => w.length > 0);
    }
    const suffix = CONTRACTIONS[word.slice(apostrophe + 1)];
    word = word.slice(0, apostrophe); // 's is dropped
    if (suffix) return [word, suffix];
  }
  const fixed = Object.prototype.hasOwnProperty.call(typos, word) ? typos[word] : undefined;
  return fixed ? fixed.split(' ') : [word];
}

/** Splits a lexicon term into its words, the way text is split (without stemming). */
export function splitEnglishTerm(term: string): string[] {
  return (term.toLowerCase().match(TERM) ?? []).filter((t) => /[a-z0-9]/.test(t) || t === NUMBER);
}

export function tokeniseEnglish(text: string, typos: Record<string, string>): Token[] {
  const normal = text.toLowerCase().replace(/[\u2018\u2019\u02bc`´]/g, "'");
  const tokens: Token[] = [];
  for (const m of normal.matchAll(TOKEN)) {
    const t = m[0].trim() || m[0];
    if (t === '?') tokens.push({ forms: ['?'], boundary: 'question' });
    else if (SENTENCE.has(t)) tokens.push({ forms: [t], boundary: 'sentence' });
    else if (CLAUSE.has(t)) tokens.push({ forms: [t], boundary: 'clause' });
    else if (/^\d/.test(t)) tokens.push({ forms: [t, NUMBER] });
    else for (const w of wordsOf(t, typos)) tokens.push({ forms: formsOf(w) });
  }
  return tokens;
}
