// The feedback handling state machine: the one table of transitions. Services and jobs consult it;
// nothing else decides which status may follow which.
//
//   recordFeedback → OPEN ─acknowledge→ ACKNOWLEDGED ─startWork→ IN_PROGRESS ─resolve→ RESOLVED ─close (job)→ CLOSED
//                    OPEN ─startWork→ IN_PROGRESS (starting work acknowledges)     RESOLVED ─reopen→ IN_PROGRESS
//                    ACKNOWLEDGED ─resolve→ RESOLVED
//   assign, escalate, markOverdue (job): any open status, to itself.
//
// Complaints carry deadlines (acknowledgeBy, resolveBy); the overdue job escalates a complaint once
// when one of them passes while it is still open.
import { FeedbackStatus } from './feedback.entity';

export const OPEN_STATUSES: readonly FeedbackStatus[] = [FeedbackStatus.OPEN, FeedbackStatus.ACKNOWLEDGED, FeedbackStatus.IN_PROGRESS];

export enum FeedbackTransitionName {
  record = 'recordFeedback',
  acknowledge = 'acknowledgeFeedback',
  assign = 'assignFeedback',
  startWork = 'startWorkOnFeedback',
  resolve = 'resolveFeedback',
  reopen = 'reopenFeedback',
  escalate = 'escalateFeedback',
  markOverdue = 'markOverdue',
  close = 'closeFeedback',
}

export interface FeedbackTransitionRule {
  /** Statuses the transition may start from (none: it creates the feedback). */
  from: readonly FeedbackStatus[];
  /** The status after; null: unchanged. */
  to: FeedbackStatus | null;
  /** The audit action written with the transition. */
  action: string;
}

export const FEEDBACK_TRANSITIONS: Record<FeedbackTransitionName, FeedbackTransitionRule> = {
  [FeedbackTransitionName.record]: { from: [], to: FeedbackStatus.OPEN, action: 'feedback.received' },
  [FeedbackTransitionName.acknowledge]: { from: [FeedbackStatus.OPEN], to: FeedbackStatus.ACKNOWLEDGED, action: 'feedback.acknowledged' },
  [FeedbackTransitionName.assign]: { from: OPEN_STATUSES, to: null, action: 'feedback.assigned' },
  [FeedbackTransitionName.startWork]: {
    from: [FeedbackStatus.OPEN, FeedbackStatus.ACKNOWLEDGED], to: FeedbackStatus.IN_PROGRESS, action: 'feedback.work_started',
  },
  [FeedbackTransitionName.resolve]: {
    from: [FeedbackStatus.ACKNOWLEDGED, FeedbackStatus.IN_PROGRESS], to: FeedbackStatus.RESOLVED, action: 'feedback.resolved',
  },
  [FeedbackTransitionName.reopen]: { from: [FeedbackStatus.RESOLVED], to: FeedbackStatus.IN_PROGRESS, action: 'feedback.reopened' },
  [FeedbackTransitionName.escalate]: { from: OPEN_STATUSES, to: null, action: 'feedback.escalated' },
  [FeedbackTransitionName.markOverdue]: { from: OPEN_STATUSES, to: null, action: 'feedback.overdue_escalated' },
  [FeedbackTransitionName.close]: { from: [FeedbackStatus.RESOLVED], to: FeedbackStatus.CLOSED, action: 'feedback.closed' },
};

/** Why the table refuses `name` for feedback in `status`, or null when it allows it. */
export function feedbackRefusal(name: FeedbackTransitionName, status: FeedbackStatus): string | null {
  const rule = FEEDBACK_TRANSITIONS[name];
  if (rule.from.includes(status)) return null;
  const from = rule.from.length ? rule.from.join(' or ') : 'no status';
  return `${name} is not possible from ${status} (only from ${from})`;
}

/** The status after `name` from `status` (the table's `to`, or unchanged). */
export function statusAfter(name: FeedbackTransitionName, status: FeedbackStatus): FeedbackStatus {
  return FEEDBACK_TRANSITIONS[name].to ?? status;
}
