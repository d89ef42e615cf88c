// Next best action: what to do about a customer's churn risk, ranked from the positive factors of the
// active model's current score (the features that raise the risk most). Each action says which factors
// call for it, in English and Chinese. Expected effects need offer history, which Keel does not keep yet.
import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import type { RiskScoreView } from './risk.type';

export enum RetentionAction {
  RM_CALL_BACK = 'RM_CALL_BACK',
  RATE_REVIEW = 'RATE_REVIEW',
  FEE_WAIVER = 'FEE_WAIVER',
  APP_ASSISTANCE = 'APP_ASSISTANCE',
  SALARY_SWITCH_OFFER = 'SALARY_SWITCH_OFFER',
  PRODUCT_REVIEW = 'PRODUCT_REVIEW',
}

registerEnumType(RetentionAction, {
  name: 'RetentionAction',
  description:
    'RM_CALL_BACK: the relationship manager calls (inactivity, complaints); RATE_REVIEW: review rates (money moving out); FEE_WAIVER: waive fees '
    + '(fee or loyalty driven); APP_ASSISTANCE: help with the app (digital drop-off); SALARY_SWITCH_OFFER: win the salary back; PRODUCT_REVIEW: '
    + 'review the products held (products closing).',
});

@ObjectType('RecommendedAction', { description: 'An action against a customer\'s churn risk, with the factors behind it.', simpleResolvers: true })
export class RecommendedActionView {
  @Field(() => RetentionAction, { description: 'What to do.' })
  action!: RetentionAction;
  @Field(() => Float, { description: 'The summed contribution to the logit of the factors that call for it: the larger, the more it matters.' })
  weight!: number;
  @Field({ description: 'Why, in English: the factors behind it.' })
  reason!: string;
  @Field({ description: 'Why, in Chinese.' })
  reasonZh!: string;
}

/** Which action answers a feature; features of modules to come are matched by what they speak of. */
export function actionFor(feature: string): RetentionAction | null {
  const f = feature.toLowerCase();
  if (f.includes('complaint') || f.includes('nps') || f.includes('detractor') || f.includes('monthssincelastactivity')) return RetentionAction.RM_CALL_BACK;
  if (f.includes('salary')) return RetentionAction.SALARY_SWITCH_OFFER;
  if (f.includes('login') || f.includes('digital')) return RetentionAction.APP_ASSISTANCE;
  if (f.includes('balance') || f.includes('transactions') || f.includes('rate')) return RetentionAction.RATE_REVIEW;
  if (f.includes('fee') || f.includes('tier') || f.includes('points') || f.includes('offer')) return RetentionAction.FEE_WAIVER;
  if (f.includes('product')) return RetentionAction.PRODUCT_REVIEW;
  return null;
}

/** Actions ranked by the weight of the positive factors behind them, at most three. */
export function recommendedActions(score: RiskScoreView | null): RecommendedActionView[] {
  if (!score) return [];
  const byAction = new Map<RetentionAction, { weight: number; en: string[]; zh: string[] }>();
  for (const f of score.factors) {
    const action = actionFor(f.feature);
    if (!action || !(f.contribution > 0)) continue;
    const a = byAction.get(action) ?? { weight: 0, en: [], zh: [] };
    a.weight += f.contribution;
    a.en.push(f.reason);
    a.zh.push(f.reasonZh);
    byAction.set(action, a);
  }
  return [...byAction.entries()]
    .sort((x, y) => y[1].weight - x[1].weight)
    .slice(0, 3)
    .map(([action, a]) => ({ action, weight: a.weight, reason: a.en.join('; '), reasonZh: a.zh.join('；') }));
}
