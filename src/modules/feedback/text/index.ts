// Text analysis of feedback: language, sentiment and topics. A placeholder with the final interface:
// the language by the share of CJK characters, every text NEUTRAL, no topics.
export type SentimentLabel = 'NEGATIVE' | 'NEUTRAL' | 'POSITIVE';
export interface TopicRule { code: string; en: string[]; zh: string[] }
export interface TextAnalysis { language: 'en' | 'zh'; sentiment: { score: number; label: SentimentLabel }; topics: string[] }

export const BUILT_IN_TOPICS: readonly string[] = [];

export function analyseText(text: string, opts?: { language?: 'en' | 'zh'; extraTopics?: TopicRule[] }): TextAnalysis {
  const letters = [...text].filter((ch) => /\p{L}/u.test(ch));
  const cjk = letters.filter((ch) => /\p{Script=Han}/u.test(ch)).length;
  const language = opts?.language ?? (letters.length && cjk / letters.length >= 0.3 ? 'zh' : 'en');
  return { language, sentiment: { score: 0, label: 'NEUTRAL' }, topics: [] };
}

/** "CODE:en word|en word:中文|中文;CODE2:..." → rules; throws Error when malformed. */
export function parseTopicRules(value: string): TopicRule[] {
  return value.split(';').map((s) => s.trim()).filter(Boolean).map((part) => {
    const [code, en, zh, ...rest] = part.split(':');
    if (!code || !/^[a-z][a-z0-9_]{0,39}$/.test(code.trim()) || rest.length) throw new Error(`Malformed topic rule "${part}"`);
    const words = (s: string | undefined) => (s ?? '').split('|').map((w) => w.trim()).filter(Boolean);
    const rule = { code: code.trim(), en: words(en), zh: words(zh) };
    if (!rule.en.length && !rule.zh.length) throw new Error(`Topic rule "${code}" has no words`);
    return rule;
  });
}
