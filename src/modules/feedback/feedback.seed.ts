// Feedback's part of the demo bank: two years of survey answers, complaints with their handling (some
// overdue), suggestions, compliments and support requests, in English and Chinese, each text run
// through the text analysis as recording does. Customers whose balances fall, or who are leaving, lean
// to detractors. Deterministic (its own random stream from the seed) and inserted in bulk.
import { insertRows, prng, uuidFrom } from '../../db/seed.helpers';
import type { SeedContext, SeedContribution } from '../../module';
import { feedbackConfig, type FeedbackSettings } from './feedback.config';
import { FeedbackChannel, FeedbackKind, FeedbackSeverity, FeedbackStatus, ResolutionOutcome } from './feedback.entity';
import { deadlinesOf } from './feedback.service';
import { FEEDBACK_TRANSITIONS, FeedbackTransitionName as T } from './state-machine';
import { seedIncident } from './incident.seed';
import { analyseText } from './text';

type Tone = 'negative' | 'neutral' | 'positive';

const EN: Record<Tone, string[]> = {
  negative: [
    'The monthly fees went up again and nobody told me.',
    'I waited forty minutes on the phone before anyone answered.',
    'The mobile app logged me out three times while I was paying a bill.',
    'My card was blocked abroad and the hotline could not help.',
    'The branch in my town closed and the nearest one is an hour away.',
    'A transfer took five days to arrive, which cost me a late fee.',
    'The interest on my savings is far below what other banks offer.',
    'I was charged twice for the same payment and it took weeks to fix.',
    'Nobody called me back although I was promised a call the same day.',
    'The new online banking is confusing and slow.',
    'I asked to close my account and was passed between three departments.',
    'The mortgage offer changed after I had already signed the papers.',
  ],
  neutral: [
    'The service was fine, nothing special.',
    'I used the branch to order a new card.',
    'It would help to see pending payments in the app.',
    'Please add Apple Pay support for my second card.',
    'Opening hours on Saturday would be useful.',
    'The statement layout changed; it takes some getting used to.',
    'I called to update my address.',
    'Could the app show spending by category per month?',
  ],
  positive: [
    'The advisor at the branch was very helpful and patient.',
    'Great app, paying bills takes seconds now.',
    'My relationship manager solved my problem within a day.',
    'Friendly staff and a quick answer on the chat.',
    'The mortgage process was clear and fast. Thank you!',
    'I appreciated the call to explain the new fees before they applied.',
    'Very happy with the savings account and the interest rate.',
    'The support team fixed my card issue while I was still on the line.',
  ],
};

const ZH: Record<Tone, string[]> = {
  negative: [
    '手续费又涨了，却没有人通知我。',
    '电话等了四十分钟才有人接听。',
    '手机银行在付款时一直闪退。',
    '我的卡在国外被冻结，客服也帮不上忙。',
    '转账用了五天才到账，害我付了滞纳金。',
    '储蓄利率比其他银行低很多。',
    '同一笔付款被扣了两次，处理了好几个星期。',
    '答应当天回电，结果没有人联系我。',
    '新的网上银行很难用，而且很慢。',
    '我想销户，却被转了三个部门。',
    '附近的分行关门了，最近的要开一个小时车。',
    '贷款条件在签约后被改变了。',
  ],
  neutral: [
    '服务还可以，没有什么特别的。',
    '我去分行办了一张新卡。',
    '希望应用里能看到待处理的付款。',
    '周六如果能营业就好了。',
    '对账单的格式变了，需要适应一下。',
    '我打电话更新了地址。',
    '能否按类别显示每月支出？',
    '请支持第二张卡绑定移动支付。',
  ],
  positive: [
    '分行的顾问非常耐心，帮了我很多。',
    '应用很好用，缴费几秒钟就完成了。',
    '客户经理一天之内就解决了我的问题。',
    '在线客服回复很快，态度也很好。',
    '房贷流程清楚又快捷，谢谢！',
    '对储蓄账户和利率都很满意。',
    '客服在电话里就帮我解决了银行卡的问题。',
    '提前打电话解释新的收费，让我很安心。',
  ],
};

const RESOLUTIONS = [
  'We refunded the fee and apologised.',
  'We explained the charges and corrected the statement.',
  'The payment was reversed and a goodwill credit applied.',
  'We reviewed the case and found the charge was correct.',
];

interface CustomerFacts { id: string; status: string; joined_at: Date; trend_bp: number | null; open_case: string | null }

const DAY = 86_400_000;

async function seedFeedback(ctx: SeedContext): Promise<void> {
  const { client, today } = ctx;
  const settings: FeedbackSettings = ctx.settings.feedback ?? feedbackConfig.parse({}, { production: false, warn: () => undefined }).feedback!;
  const rand = prng(ctx.seed + 11);
  const pick = <X>(xs: readonly X[]): X => xs[Math.floor(rand() * xs.length)];
  const { rows: customers } = await client.query<CustomerFacts>(
    `select c.id, c.status, c.joined_at, c.balance_trend_90d_bp as trend_bp,
            (select oc.id from offboarding_case oc where oc.customer_id = c.id
              and oc.state in ('REQUESTED','RETENTION','PENDING_APPROVAL','NOTICE','SETTLEMENT') limit 1) as open_case
       from customer c order by c.external_ref`,
  );
  const { rows: staff } = await client.query<{ id: string; subject: string }>(`select id, subject from staff_user where subject like 'support-%' or subject like 'admin-%' order by subject`);
  const now = today.toISOString();
  const feedback: unknown[][] = [];
  const history: unknown[][] = [];
  const step = (id: string, name: T, from: string | null, to: string, actor: string, at: Date, note: string | null = null) =>
    history.push([uuidFrom(rand), id, name, from, to, actor === 'system' ? 'system' : 'staff', actor, at.toISOString(), note]);

  for (const c of customers) {
    const atRisk = c.status !== 'ACTIVE' || (c.trend_bp ?? 0) <= -2000;
    const since = Math.max(new Date(c.joined_at).getTime(), today.getTime() - 730 * DAY);
    const count = Math.floor(rand() * (atRisk ? 7 : 4));
    for (let i = 0; i < count; i++) {
      const receivedAt = new Date(since + Math.floor(rand() * Math.max(DAY, today.getTime() - DAY - since)));
      const r = rand();
      const kind = r < 0.55 ? FeedbackKind.SATISFACTION_SURVEY : r < (atRisk ? 0.8 : 0.68) ? FeedbackKind.COMPLAINT
        : r < 0.8 ? FeedbackKind.SUGGESTION : r < 0.88 ? FeedbackKind.COMPLIMENT : FeedbackKind.SUPPORT_REQUEST;
      // NPS: detractors (0..6), passives (7..8), promoters (9..10), skewed by how the customer is doing.
      const d = rand();
      const nps = kind !== FeedbackKind.SATISFACTION_SURVEY ? null
        : atRisk ? (d < 0.6 ? Math.floor(rand() * 7) : d < 0.85 ? 7 + Math.floor(rand() * 2) : 9 + Math.floor(rand() * 2))
          : (d < 0.15 ? Math.floor(rand() * 7) : d < 0.45 ? 7 + Math.floor(rand() * 2) : 9 + Math.floor(rand() * 2));
      const tone: Tone = kind === FeedbackKind.COMPLAINT ? 'negative' : kind === FeedbackKind.COMPLIMENT ? 'positive'
        : kind === FeedbackKind.SUGGESTION || kind === FeedbackKind.SUPPORT_REQUEST ? 'neutral'
          : nps! <= 6 ? 'negative' : nps! <= 8 ? 'neutral' : 'positive';
      const withText = kind !== FeedbackKind.SATISFACTION_SURVEY || rand() < 0.6;
      const zh = rand() < 0.25;
      const text = withText ? pick((zh ? ZH : EN)[tone]) : null;
      const analysis = text ? analyseText(text, { extraTopics: settings.extraTopics }) : null;
      const channel = kind === FeedbackKind.SATISFACTION_SURVEY ? FeedbackChannel.SURVEY
        : pick([FeedbackChannel.PHONE, FeedbackChannel.BRANCH, FeedbackChannel.CHAT, FeedbackChannel.EMAIL, FeedbackChannel.APP_REVIEW, FeedbackChannel.SOCIAL]);
      const severity = kind === FeedbackKind.COMPLAINT ? pick([FeedbackSeverity.LOW, FeedbackSeverity.MEDIUM, FeedbackSeverity.MEDIUM, FeedbackSeverity.HIGH, FeedbackSeverity.CRITICAL]) : FeedbackSeverity.LOW;
      const id = uuidFrom(rand);
      const agent = staff.length ? pick(staff) : null;
      const row = {
        status: FeedbackStatus.OPEN as string, acknowledgeBy: null as Date | null, resolveBy: null as Date | null,
        acknowledgedAt: null as Date | null, resolvedAt: null as Date | null, closedAt: null as Date | null,
        overdueAt: null as Date | null, escalation: 0, escalatedAt: null as Date | null, resolution: null as string | null,
        outcome: null as string | null, assignee: null as string | null,
      };
      step(id, T.record, null, FeedbackStatus.OPEN, agent?.subject ?? 'system', receivedAt);
      if (kind === FeedbackKind.COMPLAINT) {
        const dl = deadlinesOf(settings, severity, receivedAt);
        row.acknowledgeBy = dl.acknowledgeBy;
        row.resolveBy = dl.resolveBy;
        const age = today.getTime() - receivedAt.getTime();
        // Most complaints are handled in time; some linger past their deadlines.
        const lingering = rand() < 0.12;
        const ack = new Date(receivedAt.getTime() + Math.floor(rand() * (lingering ? 3 : 0.9) * DAY));
        if (ack < today) {
          row.status = FeedbackStatus.IN_PROGRESS;
          row.acknowledgedAt = ack;
          row.assignee = agent?.id ?? null;
          step(id, T.startWork, FeedbackStatus.OPEN, FeedbackStatus.IN_PROGRESS, agent?.subject ?? 'system', ack);
          const resolved = new Date(ack.getTime() + Math.floor(rand() * (lingering ? 40 : 14) * DAY));
          if (resolved < today && !(lingering && rand() < 0.5)) {
            row.status = FeedbackStatus.RESOLVED;
            row.resolvedAt = resolved;
            row.resolution = pick(RESOLUTIONS);
            row.outcome = pick(Object.values(ResolutionOutcome));
            step(id, T.resolve, FeedbackStatus.IN_PROGRESS, FeedbackStatus.RESOLVED, agent?.subject ?? 'system', resolved);
            const closes = new Date(resolved.getTime() + settings.closeAfterDays * DAY);
            if (closes < today) {
              row.status = FeedbackStatus.CLOSED;
              row.closedAt = closes;
              step(id, T.close, FeedbackStatus.RESOLVED, FeedbackStatus.CLOSED, 'system', closes, 'Resolved and not reopened in time');
            }
          }
        }
        // What the overdue job would have found: a deadline passed while still open.
        const missed = [row.acknowledgedAt ? null : row.acknowledgeBy, row.resolvedAt && row.resolvedAt <= row.resolveBy! ? null : row.resolveBy]
          .filter((x): x is Date => x !== null && x < (row.resolvedAt ?? today) && x < today)
          .sort((a, b) => a.getTime() - b.getTime())[0];
        if (missed && age > 0) {
          row.overdueAt = missed;
          row.escalation = 1;
          row.escalatedAt = missed;
          const at = history.length;
          step(id, T.markOverdue, null, row.status, 'system', missed, 'A deadline passed while the complaint was open');
          // The history row takes the status the complaint had when the job found it.
          const statusThen = row.acknowledgedAt && row.acknowledgedAt <= missed ? FeedbackStatus.IN_PROGRESS : FeedbackStatus.OPEN;
          history[at][3] = statusThen;
          history[at][4] = statusThen;
        }
      }
      feedback.push([
        id, now, now, c.id, null, channel, kind, nps, kind === FeedbackKind.SUPPORT_REQUEST && rand() < 0.5 ? 1 + Math.floor(rand() * 5) : null,
        text, analysis?.language ?? null, analysis ? analysis.sentiment.score.toFixed(4) : null, analysis?.sentiment.label ?? null,
        `{${(analysis?.topics ?? []).map((t) => `"${t.replace(/["\\]/g, '')}"`).join(',')}}`,
        row.status, severity, row.assignee, receivedAt.toISOString(), row.acknowledgeBy?.toISOString() ?? null, row.resolveBy?.toISOString() ?? null,
        row.acknowledgedAt?.toISOString() ?? null, row.resolvedAt?.toISOString() ?? null, row.closedAt?.toISOString() ?? null,
        row.overdueAt?.toISOString() ?? null, row.escalation, row.escalatedAt?.toISOString() ?? null, row.resolution, row.outcome, null,
      ]);
    }
    // A leaving customer with an open case gives an exit interview.
    if (c.open_case && rand() < 0.7) {
      const text = pick((rand() < 0.25 ? ZH : EN).negative);
      const analysis = analyseText(text, { extraTopics: settings.extraTopics });
      const id = uuidFrom(rand);
      const receivedAt = new Date(today.getTime() - Math.floor(rand() * 10 + 1) * DAY);
      step(id, T.record, null, FeedbackStatus.OPEN, 'support-01', receivedAt);
      feedback.push([
        id, now, now, c.id, null, FeedbackChannel.PHONE, FeedbackKind.EXIT_INTERVIEW, Math.floor(rand() * 7), null,
        text, analysis.language, analysis.sentiment.score.toFixed(4), analysis.sentiment.label,
        `{${analysis.topics.map((t) => `"${t.replace(/["\\]/g, '')}"`).join(',')}}`,
        FeedbackStatus.OPEN, FeedbackSeverity.LOW, null, receivedAt.toISOString(), null, null, null, null, null, null, 0, null, null, null, c.open_case,
      ]);
    }
  }
  await insertRows(client, 'feedback', [
    'id', 'created_at', 'updated_at', 'customer_id', 'external_id', 'channel', 'kind', 'nps', 'csat', 'text', 'language', 'sentiment_score',
    'sentiment_label', 'topics', 'status', 'severity', 'assignee_id', 'received_at', 'acknowledge_by', 'resolve_by', 'acknowledged_at',
    'resolved_at', 'closed_at', 'overdue_at', 'escalation_level', 'escalated_at', 'resolution', 'resolution_outcome', 'offboarding_case_id',
  ], feedback);
  await insertRows(client, 'feedback_transition', [
    'id', 'feedback_id', 'transition', 'from_status', 'to_status', 'actor_kind', 'actor_id', 'occurred_at', 'note',
  ], history.sort((a, b) => String(a[7]).localeCompare(String(b[7]))));
  const affected = await seedIncident(client, today);
  ctx.log(`seeded ${feedback.length} feedback items with ${history.length} handling steps (${FEEDBACK_TRANSITIONS[T.record].action}), and a past incident touching ${affected} customers`);
}

export const feedbackSeed: SeedContribution = {
  present: async (client) => (await client.query('select exists (select 1 from feedback) as any')).rows[0].any,
  run: seedFeedback,
};
