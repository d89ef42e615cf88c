// Writes to feedback. Recording and each handling step are one transaction: check who may act (each
// capability's bound applied to the customer), the version and the state machine, then change the
// feedback, append its history and write one audit event, all or nothing. Imports are set-based: one
// statement records the batch with its history and audit events.
import { randomUUID } from 'node:crypto';
import { LockMode, OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { diffFields, recordAudit } from '../../audit/audit.writer';
import { type Capability, canFor } from '../../auth/permissions';
import type { Viewer } from '../../auth/viewer';
import { actorOf } from '../../auth/viewer';
import type { ServiceDeps } from '../../domain/deps';
import { globalIdSql, toGlobalId } from '../../domain/ids';
import { raiseEvent } from '../../events/outbox';
import { conflict, DomainError, forbidden, invalid, notFound, problem, type Problem } from '../../domain/errors';
import { customerStanding, customerStandingsByRefs, staffMemberExists } from '../customers/public';
import { openCaseOf, openCasesOf } from '../offboarding/public';
import { addBusinessDays } from './business-days';
import type { FeedbackSettings } from './feedback.config';
import {
  Feedback, FeedbackChannel, FeedbackKind, FeedbackSeverity, FeedbackStatus, FeedbackTransition, type ResolutionOutcome, SentimentLabel,
} from './feedback.entity';
import { FeedbackErrorCode as E, refuse } from './feedback.errors';
import { MAX_IMPORT_ITEMS } from './feedback.inputs';
import { feedbackCapabilities as cap } from './permissions';
import { FEEDBACK_TRANSITIONS, feedbackRefusal, FeedbackTransitionName as T, statusAfter } from './state-machine';
import { analyseText } from './text';

export type FeedbackDeps = ServiceDeps;

/** A time this far ahead of the request's clock is in the future (clocks of senders differ a little). */
const CLOCK_SKEW_MS = 5 * 60_000;

/** Free text is audited by field name only: it may hold personal data. */
const FREE_TEXT = new Set(['text', 'resolution', 'note']);

/** What a customer said, as recording and importing share it. */
export interface FeedbackContent {
  nps?: number | null;
  csat?: number | null;
  text?: string | null;
  language?: 'en' | 'zh' | null;
  receivedAt?: Date | null;
  kind: FeedbackKind;
  channel: FeedbackChannel;
  severity: FeedbackSeverity;
  externalId?: string | null;
}

export interface NewFeedback extends FeedbackContent {
  customerKey: string;
}

/** The complaint deadlines for something of `severity` received at `receivedAt`. */
export function deadlinesOf(settings: FeedbackSettings, severity: FeedbackSeverity, receivedAt: Date): { acknowledgeBy: Date; resolveBy: Date } {
  const calendar = { timeZone: settings.bankTimeZone, holidays: settings.bankHolidays };
  return {
    acknowledgeBy: addBusinessDays(receivedAt, settings.acknowledgeDays[severity], calendar),
    resolveBy: addBusinessDays(receivedAt, settings.resolveDays[severity], calendar),
  };
}

/** Checks on the content alone; `path` is where the item sits in the input. */
export function contentProblems(content: FeedbackContent, settings: FeedbackSettings, now: Date, path: string[]): Problem[] {
  const problems: Problem[] = [];
  const text = content.text?.trim() ?? '';
  if (content.nps == null && content.csat == null && text === '') {
    problems.push(problem(path, E.EMPTY_FEEDBACK, 'Give an NPS or CSAT answer, or the customer\'s words'));
  }
  if (text.length > settings.textMaxLength) {
    problems.push(problem([...path, 'text'], E.TEXT_TOO_LONG, `text holds at most ${settings.textMaxLength} characters; got ${text.length}`));
  }
  if (content.language && text === '') problems.push(problem([...path, 'language'], E.INVALID, 'language is given only with a text'));
  if (content.receivedAt && content.receivedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    problems.push(problem([...path, 'receivedAt'], E.IN_THE_FUTURE, 'receivedAt is in the future'));
  }
  return problems;
}

/** The row's analysed and derived columns, from the content (the same for recording and importing). */
function derive(content: FeedbackContent, settings: FeedbackSettings, now: Date) {
  const text = content.text?.trim() || null;
  const analysis = text ? analyseText(text, { language: content.language ?? undefined, extraTopics: settings.extraTopics }) : null;
  const receivedAt = content.receivedAt ?? now;
  const deadlines = content.kind === FeedbackKind.COMPLAINT ? deadlinesOf(settings, content.severity, receivedAt) : null;
  return {
    text,
    language: analysis?.language ?? null,
    sentimentScore: analysis ? analysis.sentiment.score.toFixed(4) : null,
    sentimentLabel: analysis ? (analysis.sentiment.label as SentimentLabel) : null,
    topics: analysis ? [...new Set(analysis.topics)] : [],
    receivedAt,
    acknowledgeBy: deadlines?.acknowledgeBy ?? null,
    resolveBy: deadlines?.resolveBy ?? null,
  };
}

/**
 * The viewer may `want` for a customer whose relationship manager is `rmId`. Where they may not even
 * read the feedback (outside their book), it answers as unknown; where they read it but may not act,
 * FORBIDDEN says why.
 */
function assertMay(viewer: Viewer | null, want: Capability, rmId: string | null, what: string, why: string): void {
  if (canFor(viewer, want, rmId)) return;
  if (!canFor(viewer, cap.read, rmId)) notFound(what);
  forbidden(why);
}

/** Runs `fn` in a transaction; a write that lost an optimistic-lock race is a CONFLICT. */
async function inTransaction<R>(deps: FeedbackDeps, fn: (em: EntityManager) => Promise<R>): Promise<R> {
  try {
    return await deps.em.transactional(fn);
  } catch (err) {
    if (err instanceof OptimisticLockError) conflict('Someone else changed this feedback while you were saving; read it again');
    throw err;
  }
}

function snapshot(f: Feedback): Record<string, unknown> {
  return {
    kind: f.kind,
    channel: f.channel,
    externalId: f.externalId ?? null,
    nps: f.nps ?? null,
    csat: f.csat ?? null,
    text: f.text ?? null,
    language: f.language ?? null,
    severity: f.severity,
    status: f.status,
    assigneeId: f.assigneeId ?? null,
    receivedAt: f.receivedAt,
    acknowledgeBy: f.acknowledgeBy ?? null,
    resolveBy: f.resolveBy ?? null,
    acknowledgedAt: f.acknowledgedAt ?? null,
    resolvedAt: f.resolvedAt ?? null,
    escalationLevel: f.escalationLevel,
    resolution: f.resolution ?? null,
    resolutionOutcome: f.resolutionOutcome ?? null,
    offboardingCaseId: f.offboardingCaseId ?? null,
  };
}

/** One line of history and one audit event for a step. */
function recordStep(em: EntityManager, deps: FeedbackDeps, f: Feedback, name: T, from: FeedbackStatus | null, note: string | null | undefined, before: Record<string, unknown>): void {
  const who = actorOf(deps.viewer);
  em.create(FeedbackTransition, {
    feedbackId: f.id,
    transition: name,
    fromStatus: from,
    toStatus: f.status,
    actorKind: who.kind,
    actorId: who.id,
    occurredAt: deps.now,
    note: note?.trim() || null,
    requestId: deps.requestId,
  });
  recordAudit(em, deps, {
    action: FEEDBACK_TRANSITIONS[name].action,
    entityType: 'Feedback',
    entityId: f.id,
    customerId: f.customerId,
    changes: diffFields({ ...before, note: null }, { ...snapshot(f), note: note?.trim() || null }, FREE_TEXT),
  });
  // The customer's words stay out of events.
  const ids = { feedbackId: toGlobalId('Feedback', f.id), customerId: toGlobalId('Customer', f.customerId) };
  if (name === T.record) {
    raiseEvent(em, deps, {
      type: 'feedback.received', customerId: f.customerId,
      payload: { ...ids, kind: f.kind, channel: f.channel, nps: f.nps ?? null, sentiment: f.sentimentLabel ?? null, at: f.receivedAt.toISOString() },
    });
  } else if (name === T.escalate) {
    raiseEvent(em, deps, {
      type: 'complaint.escalated', customerId: f.customerId,
      payload: { ...ids, level: f.escalationLevel, by: who.id, at: deps.now.toISOString() },
    });
  }
}

export async function recordFeedback(deps: FeedbackDeps, input: NewFeedback): Promise<string> {
  const settings = deps.config.feedback;
  try {
    return await inTransaction(deps, async (em) => {
      const standing = await customerStanding(em, input.customerKey);
      if (!standing) notFound('Customer');
      assertMay(deps.viewer, cap.record, standing.rmId, 'Customer', 'You may record feedback only for the customers in your book');
      const errors = contentProblems(input, settings, deps.now, ['input']);
      if (standing.anonymised) errors.push(problem(['input', 'customerId'], E.ANONYMISED, 'The customer\'s personal data was anonymised; nothing of theirs is recorded any more'));
      let caseKey: string | null = null;
      if (input.kind === FeedbackKind.EXIT_INTERVIEW) {
        caseKey = await openCaseOf(em, input.customerKey);
        if (!caseKey) errors.push(problem(['input', 'kind'], E.NO_OPEN_CASE, 'An exit interview is recorded while the customer has an open offboarding case; they have none'));
      }
      if (errors.length) invalid(errors);
      const derived = derive(input, settings, deps.now);
      const f = em.create(Feedback, {
        createdAt: deps.now,
        updatedAt: deps.now,
        customerId: input.customerKey,
        externalId: input.externalId?.trim() || null,
        channel: input.channel,
        kind: input.kind,
        nps: input.nps ?? null,
        csat: input.csat ?? null,
        ...derived,
        status: FeedbackStatus.OPEN,
        severity: input.severity,
        offboardingCaseId: caseKey,
      });
      recordStep(em, deps, f, T.record, null, null, {});
      await em.flush();
      return f.id;
    });
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) {
      refuse(E.EXTERNAL_ID_TAKEN, 'Feedback with this external id was already recorded from this channel', ['input', 'externalId']);
    }
    throw err;
  }
}

export interface SurveyResponse extends FeedbackContent {
  externalId: string;
  customerExternalRef: string;
}

export interface ImportResult {
  recorded: number;
  unchanged: number;
  userErrors: Problem[];
}

const itemPath = (i: number, ...rest: string[]) => ['input', 'items', String(i), ...rest];

/** A batch too large to look at: refused whole before its items are validated. */
export function importSizeProblems(items: unknown[]): Problem[] {
  return items.length > MAX_IMPORT_ITEMS
    ? [problem(['input', 'items'], E.TOO_MANY_ITEMS, `An import holds at most ${MAX_IMPORT_ITEMS} responses; got ${items.length}`)]
    : [];
}

/** The audit trail's view of a recorded item: the fields given (free text by name only). */
function recordedChanges(row: Record<string, unknown>) {
  const fields = ['kind', 'channel', 'externalId', 'nps', 'csat', 'text', 'language', 'severity', 'status', 'receivedAt', 'acknowledgeBy', 'resolveBy', 'offboardingCaseId'];
  const after = Object.fromEntries(fields.map((k) => [k, row[k] ?? null]));
  return diffFields({}, after, FREE_TEXT);
}

/**
 * Records survey responses, all or none. A response whose (channel, external id) was recorded before
 * is left as it was and counted as unchanged, so a sender may repeat a batch safely; two imports
 * racing on the same responses record each once (the unique index decides).
 */
export async function importSurveyResponses(deps: FeedbackDeps, items: SurveyResponse[], formatProblems: Problem[] = []): Promise<ImportResult> {
  const failed = (userErrors: Problem[]): ImportResult => ({ recorded: 0, unchanged: 0, userErrors });
  const tooMany = importSizeProblems(items);
  if (tooMany.length) return failed(tooMany);
  if (formatProblems.length) return failed(formatProblems);
  const settings = deps.config.feedback;
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const key = `${item.channel}|${item.externalId.trim()}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else problems.push(problem(itemPath(i, 'externalId'), E.DUPLICATE_KEY, `Item ${first} has the same channel and external id; send each response once per batch`));
    problems.push(...contentProblems(item, settings, deps.now, itemPath(i)));
  });

  try {
    return await inTransaction(deps, async (em) => {
      const standings = await customerStandingsByRefs(em, [...new Set(items.map((x) => x.customerExternalRef))]);
      const customerOf = (i: number) => {
        const s = standings.get(items[i].customerExternalRef);
        // Outside the caller's reach, a customer does not exist for them.
        return s && canFor(deps.viewer, cap.record, s.rmId) ? s : null;
      };
      items.forEach((_, i) => {
        if (!customerOf(i)) problems.push(problem(itemPath(i, 'customerExternalRef'), E.UNKNOWN_CUSTOMER, 'No customer you may record feedback for has this reference'));
        else if (customerOf(i)!.anonymised) problems.push(problem(itemPath(i, 'customerExternalRef'), E.ANONYMISED, 'The customer\'s personal data was anonymised; nothing of theirs is recorded any more'));
      });
      const exitCustomers = items.flatMap((x, i) => (x.kind === FeedbackKind.EXIT_INTERVIEW && customerOf(i) ? [customerOf(i)!.id] : []));
      const openCases = await openCasesOf(em, exitCustomers);
      items.forEach((x, i) => {
        const c = customerOf(i);
        if (x.kind === FeedbackKind.EXIT_INTERVIEW && c && !openCases.has(c.id)) {
          problems.push(problem(itemPath(i, 'kind'), E.NO_OPEN_CASE, 'An exit interview is recorded while the customer has an open offboarding case; they have none'));
        }
      });
      if (problems.length) {
        const index = (p: Problem) => (p.field[1] === 'items' ? Number(p.field[2]) : -1);
        invalid(problems.sort((a, b) => index(a) - index(b)));
      }

      const rows = items.map((x, i) => {
        const customerId = customerOf(i)!.id;
        const d = derive(x, settings, deps.now);
        const row = {
          id: randomUUID(),
          customerId,
          externalId: x.externalId.trim(),
          channel: x.channel,
          kind: x.kind,
          nps: x.nps ?? null,
          csat: x.csat ?? null,
          ...d,
          severity: x.severity,
          status: FeedbackStatus.OPEN,
          offboardingCaseId: x.kind === FeedbackKind.EXIT_INTERVIEW ? openCases.get(customerId)! : null,
        };
        return { ...row, changes: recordedChanges(row) };
      });
      const who = actorOf(deps.viewer);
      // One statement: the new rows (re-sends skipped by the unique index), their history and their audit events.
      const [{ recorded }] = await em.execute(
        `with x as (
           select * from jsonb_to_recordset(?::jsonb) as x(
             "id" uuid, "customerId" uuid, "externalId" text, "channel" text, "kind" text, "nps" smallint, "csat" smallint,
             "text" text, "language" text, "sentimentScore" numeric, "sentimentLabel" text, "topics" text[], "receivedAt" timestamptz,
             "acknowledgeBy" timestamptz, "resolveBy" timestamptz, "severity" text, "status" text, "offboardingCaseId" uuid, "changes" jsonb)
         ), ins as (
           insert into feedback (id, created_at, updated_at, customer_id, external_id, channel, kind, nps, csat, text, language,
             sentiment_score, sentiment_label, topics, status, severity, received_at, acknowledge_by, resolve_by, offboarding_case_id)
           select x.id, ?, ?, x."customerId", x."externalId", x.channel, x.kind, x.nps, x.csat, x.text, x.language,
             x."sentimentScore", x."sentimentLabel", x.topics, x.status, x.severity, x."receivedAt", x."acknowledgeBy", x."resolveBy", x."offboardingCaseId"
           from x
           on conflict (channel, external_id) where external_id is not null do nothing
           returning id, customer_id
         ), history as (
           insert into feedback_transition (id, feedback_id, transition, from_status, to_status, actor_kind, actor_id, occurred_at, request_id)
           select gen_random_uuid(), ins.id, ?, null, ?, ?, ?, ?, ? from ins
         ), audit as (
           insert into audit_event (id, occurred_at, actor_kind, actor_id, action, entity_type, entity_id, customer_id, changes, request_id)
           select gen_random_uuid(), ?, ?, ?, ?, 'Feedback', ins.id, ins.customer_id, x.changes, ? from ins join x on x.id = ins.id
         ), events as (
           insert into domain_event (id, type, occurred_at, customer_id, payload, actor_kind, actor_id, request_id)
           select gen_random_uuid(), 'feedback.received', ?, ins.customer_id,
             jsonb_build_object('feedbackId', ${globalIdSql('Feedback', 'ins.id')}, 'customerId', ${globalIdSql('Customer', 'ins.customer_id')},
               'kind', x.kind, 'channel', x.channel, 'nps', x.nps, 'sentiment', x."sentimentLabel", 'at', x."receivedAt"),
             ?, ?, ? from ins join x on x.id = ins.id
         )
         select count(*)::int as recorded from ins`,
        [
          JSON.stringify(rows.map((r) => ({ ...r, receivedAt: r.receivedAt.toISOString() }))),
          deps.now, deps.now,
          T.record, FeedbackStatus.OPEN, who.kind, who.id, deps.now, deps.requestId,
          deps.now, who.kind, who.id, FEEDBACK_TRANSITIONS[T.record].action, deps.requestId,
          deps.now, who.kind, who.id, deps.requestId,
        ],
      );
      return { recorded, unchanged: items.length - recorded, userErrors: [] };
    });
  } catch (err) {
    if (err instanceof DomainError && err.outcome === 'USER_ERROR') return failed(err.problems);
    throw err;
  }
}

/** A handling step on feedback, named by key. */
export interface OnFeedback {
  feedbackKey: string;
  expectedVersion: number;
  note?: string | null;
}

type Apply = (em: EntityManager, f: Feedback) => Promise<Problem[]> | Problem[];

/** A step: lock the row, who may act, the version, the table, the step's own guards, then history and audit. */
async function step(deps: FeedbackDeps, name: T, input: OnFeedback, apply: Apply): Promise<string> {
  return inTransaction(deps, async (em) => {
    const f = await em.findOne(Feedback, { id: input.feedbackKey }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!f) notFound('Feedback');
    const standing = await customerStanding(em, f.customerId);
    assertMay(deps.viewer, cap.work, standing?.rmId ?? null, 'Feedback', 'You may work complaints only for the customers in your book');
    if (f.version !== input.expectedVersion) {
      conflict(`The feedback was changed by someone else (version ${f.version}, you sent ${input.expectedVersion}); read it again`);
    }
    const why = feedbackRefusal(name, f.status);
    if (why) refuse(E.INVALID_TRANSITION, why);
    const before = snapshot(f);
    const from = f.status;
    const errors = await apply(em, f);
    if (errors.length) invalid(errors);
    f.status = statusAfter(name, from);
    f.updatedAt = deps.now;
    recordStep(em, deps, f, name, from, input.note, before);
    await em.flush();
    return f.id;
  });
}

export function acknowledgeFeedback(deps: FeedbackDeps, input: OnFeedback): Promise<string> {
  return step(deps, T.acknowledge, input, (_em, f) => {
    f.acknowledgedAt = deps.now;
    return [];
  });
}

export function startWorkOnFeedback(deps: FeedbackDeps, input: OnFeedback): Promise<string> {
  return step(deps, T.startWork, input, (_em, f) => {
    // Starting work acknowledges what was not acknowledged yet.
    f.acknowledgedAt ??= deps.now;
    return [];
  });
}

export function assignFeedback(deps: FeedbackDeps, input: OnFeedback & { assigneeKey: string | null }): Promise<string> {
  return step(deps, T.assign, input, async (em, f) => {
    if (input.assigneeKey && !(await staffMemberExists(em, input.assigneeKey))) {
      return [problem(['input', 'assigneeId'], E.UNKNOWN_STAFF, 'No staff member has this id')];
    }
    if ((f.assigneeId ?? null) === input.assigneeKey) return [problem(['input', 'assigneeId'], E.NOTHING_TO_CHANGE, 'It is assigned so already')];
    f.assigneeId = input.assigneeKey;
    return [];
  });
}

export function resolveFeedback(deps: FeedbackDeps, input: OnFeedback & { resolution: string; outcome: ResolutionOutcome }): Promise<string> {
  return step(deps, T.resolve, input, (_em, f) => {
    const resolution = input.resolution.trim();
    if (!resolution) return [problem(['input', 'resolution'], E.INVALID, 'Say what was done about it')];
    f.resolvedAt = deps.now;
    f.resolution = resolution;
    f.resolutionOutcome = input.outcome;
    return [];
  });
}

export function reopenFeedback(deps: FeedbackDeps, input: OnFeedback): Promise<string> {
  return step(deps, T.reopen, input, (_em, f) => {
    f.resolvedAt = null;
    f.resolution = null;
    f.resolutionOutcome = null;
    return [];
  });
}

export function escalateFeedback(deps: FeedbackDeps, input: OnFeedback): Promise<string> {
  return step(deps, T.escalate, input, (_em, f) => {
    f.escalationLevel += 1;
    f.escalatedAt = deps.now;
    return [];
  });
}
