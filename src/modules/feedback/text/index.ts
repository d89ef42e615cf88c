// Offline text analysis of customer feedback in English and Chinese: sentiment (a score and a label) and
// topics, from the lexicons and rules shipped in this folder (./data). Chinese is segmented with jieba
// (@node-rs/jieba); English is tokenised with contractions, misspellings and light stemming. Nothing here
// touches the network or a database. This file is the surface the feedback module calls.
import { BUILT_IN_TOPIC_CODES } from './lexicon';

export { analyseText } from './analyse';
export type { SentimentLabel, TextAnalysis } from './analyse';
export { parseTopicRules } from './topic-rules';
export type { TopicRule } from './topic-rules';

/** The topics every installation has: fees, interest_rates, service, waiting_time, digital, branch, fraud,
 *  cards, loans, mortgage, staff. FEEDBACK_EXTRA_TOPICS adds more (parseTopicRules). */
export const BUILT_IN_TOPICS: readonly string[] = Object.freeze([...BUILT_IN_TOPIC_CODES]);
