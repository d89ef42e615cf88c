export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar.This scalar is serialized to a string in ISO 8601 format and parsed from a string in ISO 8601 format. */
  DateTimeISO: { input: string; output: string; }
  /** The `JSON` scalar type represents JSON values as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). */
  JSON: { input: unknown; output: unknown; }
};

/** A product the customer holds. */
export type Account = Node & {
  __typename?: 'Account';
  /** Money held (deposits); zero for debt products. */
  balance: Money;
  /** Date the product was closed (YYYY-MM-DD). */
  closedAt?: Maybe<Scalars['String']['output']>;
  /** ISO 4217 currency code of the account. */
  currency: Scalars['String']['output'];
  /** The core banking system's reference. */
  externalRef: Scalars['String']['output'];
  /** Opaque global id. */
  id: Scalars['ID']['output'];
  /** Date the product was opened (YYYY-MM-DD). */
  openedAt: Scalars['String']['output'];
  /** Money owed (loans, cards), as a positive amount. */
  outstanding: Money;
  /** Whether the product can be used. */
  status: AccountStatus;
  /** The kind of product. */
  type: AccountType;
};

/** A product a customer holds, as core banking knows it at `asOf` (the whole state of the account). */
export type AccountItemInput = {
  /** The time this state describes; older than what Keel has: reported as stale, not applied. */
  asOf: Scalars['DateTimeISO']['input'];
  /** Money held, for deposit products (current, savings, term deposit, wealth). */
  balance?: InputMaybe<MoneyInput>;
  /** Date the product was closed (YYYY-MM-DD); required exactly when the status is CLOSED. */
  closedAt?: InputMaybe<Scalars['String']['input']>;
  /** The holder's customer reference (the customer must exist in Keel). */
  customerExternalRef: Scalars['String']['input'];
  /** The core banking system's account reference: the key of the item. */
  externalRef: Scalars['String']['input'];
  /** Date the product was opened (YYYY-MM-DD). */
  openedAt: Scalars['String']['input'];
  /** Money owed as a positive amount, for debt products (credit card, loans, mortgage). */
  outstanding?: InputMaybe<MoneyInput>;
  /** Whether the product can be used. */
  status: AccountStatus;
  /** The kind of product. */
  type: AccountType;
};

/** Whether the product can be used. */
export type AccountStatus =
  | 'CLOSED'
  | 'FROZEN'
  | 'OPEN';

/** The kind of product held. */
export type AccountType =
  | 'CREDIT_CARD'
  | 'CURRENT'
  | 'MORTGAGE'
  | 'PERSONAL_LOAN'
  | 'SAVINGS'
  | 'TERM_DEPOSIT'
  | 'WEALTH';

/** Acknowledges a risk alert: someone is acting on it. */
export type AcknowledgeRiskAlertInput = {
  /** The alert. */
  alertId: Scalars['ID']['input'];
};

/** Makes a trained model the one that scores customers. */
export type ActivateRiskModelInput = {
  /** The model (a DRAFT) to activate. */
  modelId: Scalars['ID']['input'];
};

/** One month of a customer's behaviour, as core banking reports it. */
export type ActivitySnapshot = Node & {
  __typename?: 'ActivitySnapshot';
  /** The time core banking stamped these figures with. */
  asOf: Scalars['DateTimeISO']['output'];
  /** Average balance over the month. */
  averageBalance: Money;
  /** Logins to digital banking in the month. */
  digitalLogins: Scalars['Int']['output'];
  /** Opaque global id. */
  id: Scalars['ID']['output'];
  /** The month, YYYY-MM. */
  month: Scalars['String']['output'];
  /** Whether a salary was credited in the month. */
  salaryCredited: Scalars['Boolean']['output'];
  /** Number of transactions in the month. */
  transactionCount: Scalars['Int']['output'];
  /** Sum of the month's transactions. */
  transactionVolume: Money;
};

/** One month of a customer's behaviour; a customer has one snapshot per month. */
export type ActivitySnapshotItemInput = {
  /** The time these figures describe; older than what Keel has: reported as stale, not applied. */
  asOf: Scalars['DateTimeISO']['input'];
  /** Average balance over the month, in the same currency as the volume. */
  averageBalance: MoneyInput;
  /** The customer's reference (the customer must exist in Keel). */
  customerExternalRef: Scalars['String']['input'];
  /** Logins to digital banking in the month. */
  digitalLogins: Scalars['Int']['input'];
  /** The month, YYYY-MM; with the customer, the key of the item. */
  month: Scalars['String']['input'];
  /** Whether a salary was credited in the month. */
  salaryCredited: Scalars['Boolean']['input'];
  /** Number of transactions in the month. */
  transactionCount: Scalars['Int']['input'];
  /** Sum of the month's transactions. */
  transactionVolume: MoneyInput;
};

/** Corrects a balance by hand (ADMIN); above the configured size it waits for a second admin's approval. */
export type AdjustPointsInput = {
  /** The LoyaltyAccount id. */
  accountId: Scalars['ID']['input'];
  /** Points: a whole number from 1 to the configured maximum per posting. */
  amount: Scalars['Float']['input'];
  /** CREDIT or DEBIT. */
  direction: PointsDirection;
  /** Your idempotency key (1 to 200 characters), scoped to you: a replay returns the first result; the same key with a different input is a CONFLICT. */
  idempotencyKey: Scalars['String']['input'];
  /** Why: required. */
  reason: Scalars['String']['input'];
};

/** A partner app that calls Keel with a scoped API token. The token itself is shown only once, when it is issued. */
export type ApiClient = Node & {
  __typename?: 'ApiClient';
  /** When the client was created. */
  createdAt: Scalars['DateTimeISO']['output'];
  /** Subject of the staff member who created the client. */
  createdBy: Scalars['String']['output'];
  /** When the token stops working; null: it does not expire. */
  expiresAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Opaque global id. */
  id: Scalars['ID']['output'];
  /** When the client last authenticated, accurate to a minute; null: never. */
  lastUsedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** What the client is, for people (e.g. "Survey tool"). */
  name: Scalars['String']['output'];
  /** Until when the token that the last rotation replaced keeps working; null when there is none. */
  previousTokenExpiresAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** The public part of the token (`keel_<publicId>_…`); safe to show and to search logs for. */
  publicId: Scalars['String']['output'];
  /** The client's own budget of query cost points per window; null: the deployment's partner budget. */
  rateLimitPoints?: Maybe<Scalars['Int']['output']>;
  /** When the client was revoked; null: not revoked. */
  revokedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Subject of the staff member who revoked the client. */
  revokedBy?: Maybe<Scalars['String']['output']>;
  /** When the token was last rotated. */
  rotatedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Partner scopes the token grants (e.g. "customers:read"). */
  scopes: Array<Scalars['String']['output']>;
  /** Whether the token is accepted now. */
  status: ApiClientStatus;
};

/** A page of ApiClient. */
export type ApiClientConnection = {
  __typename?: 'ApiClientConnection';
  /** The items on this page, each with its cursor. */
  edges: Array<ApiClientEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** Number of items in the whole list; costs a count, ask only when needed. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a list of ApiClient. */
export type ApiClientEdge = {
  __typename?: 'ApiClientEdge';
  /** Opaque cursor for this position. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: ApiClient;
};

/** Narrows the list of API clients; all given conditions must hold. */
export type ApiClientFilter = {
  /** Any of these statuses (as of now). */
  status_in?: InputMaybe<Array<ApiClientStatus>>;
};

/** Whether a client's token is accepted now. */
export type ApiClientStatus =
  /** The token is accepted. */
  | 'ACTIVE'
  /** The client's expiry time has passed; its token is refused. */
  | 'EXPIRED'
  /** An admin revoked the client; its token is refused. */
  | 'REVOKED';

/** Approves a pending adjustment (an admin other than the one who asked for it); posts it. */
export type ApprovePointsAdjustmentInput = {
  /** The PointsAdjustment id. */
  adjustmentId: Scalars['ID']['input'];
  /** Your idempotency key (1 to 200 characters), scoped to you: a replay returns the first result; the same key with a different input is a CONFLICT. */
  idempotencyKey: Scalars['String']['input'];
};

/** Gives feedback to a member of staff to handle. */
export type AssignFeedbackInput = {
  /** The StaffMember; null takes it off anyone. */
  assigneeId?: InputMaybe<Scalars['ID']['input']>;
  /** The version you read; a stale version is a CONFLICT. */
  expectedVersion: Scalars['Int']['input'];
  /** The Feedback. */
  feedbackId: Scalars['ID']['input'];
  /** A note for the history. */
  note?: InputMaybe<Scalars['String']['input']>;
};

/** Gives a case to someone else to work. */
export type AssignOffboardingCaseInput = {
  /** The StaffMember who works the case; null to unassign. */
  assigneeId?: InputMaybe<Scalars['ID']['input']>;
  /** The OffboardingCase. */
  caseId: Scalars['ID']['input'];
  /** The version you read; a stale version is a CONFLICT. */
  version: Scalars['Int']['input'];
};

/** Who manages a customer. */
export type AssignRelationshipManagerInput = {
  /** The customer. */
  customerId: Scalars['ID']['input'];
  /** StaffMember id of the new relationship manager; null to unassign. */
  relationshipManagerId?: InputMaybe<Scalars['ID']['input']>;
};

/** One entry of the append-only audit trail: who did what, when. */
export type AuditEvent = Node & {
  __typename?: 'AuditEvent';
  /** What was done, e.g. customer.updated or customer.pii_read. */
  action: Scalars['String']['output'];
  /** Staff subject, partner public id, or "system". */
  actorId: Scalars['String']['output'];
  /** "staff", "partner" or "system". */
  actorKind: Scalars['String']['output'];
  /** Changed fields: [{ field, old, new }]; personal data fields by name only. */
  changes: Scalars['JSON']['output'];
  /** Global id of the customer concerned. */
  customerId?: Maybe<Scalars['String']['output']>;
  /** Global id of the object acted on. */
  entityId?: Maybe<Scalars['String']['output']>;
  /** The type of the object acted on. */
  entityType: Scalars['String']['output'];
  /** Opaque global id. */
  id: Scalars['ID']['output'];
  /** When it happened. */
  occurredAt: Scalars['DateTimeISO']['output'];
  /** The request that did it (x-request-id). */
  requestId?: Maybe<Scalars['String']['output']>;
};

/** A page of AuditEvent. */
export type AuditEventConnection = {
  __typename?: 'AuditEventConnection';
  /** The items on this page, each with its cursor. */
  edges: Array<AuditEventEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** Number of items in the whole list; costs a count, ask only when needed. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a list of AuditEvent. */
export type AuditEventEdge = {
  __typename?: 'AuditEventEdge';
  /** Opaque cursor for this position. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: AuditEvent;
};

/** Narrows the audit trail; all given conditions must hold. */
export type AuditEventFilter = {
  /** Events with this action, e.g. customer.pii_read. */
  action?: InputMaybe<Scalars['String']['input']>;
  /** Events by this actor (staff subject or partner public id). */
  actorId?: InputMaybe<Scalars['String']['input']>;
  /** Events concerning this customer. */
  customerId?: InputMaybe<Scalars['ID']['input']>;
  /** At or after this time. */
  from?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Before this time. */
  to?: InputMaybe<Scalars['DateTimeISO']['input']>;
};

/** Members in one risk band. */
export type BandCount = {
  __typename?: 'BandCount';
  /** The band, as the risk module names it. */
  band: Scalars['String']['output'];
  /** Members in it. */
  members: Scalars['Int']['output'];
};

/** A retention offer from the catalogue to a segment through a channel, with a random holdout that gets nothing, so that its effect can be measured. */
export type Campaign = Node & {
  __typename?: 'Campaign';
  /** How the offer is sent. */
  channel: CampaignChannel;
  /** When it was closed. */
  closedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** When it was created. */
  createdAt: Scalars['DateTimeISO']['output'];
  /** Who created it (staff subject or partner id). */
  createdBy: Scalars['String']['output'];
  /** What it is for. */
  description?: Maybe<Scalars['String']['output']>;
  /** Customers assigned to HOLDOUT at launch (they get nothing). */
  holdout: Scalars['Int']['output'];
  /** Percentage of the consenting members held out (1..99). */
  holdoutPercent: Scalars['Int']['output'];
  /** Opaque global id. */
  id: Scalars['ID']['output'];
  /** When it was launched; the retention window starts here. */
  launchedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Name. */
  name: Scalars['String']['output'];
  /** The offer (RetentionOffer global id). */
  offerId: Scalars['ID']['output'];
  /** Treated customers the offer was proposed to (the others were not eligible for it). */
  proposed: Scalars['Int']['output'];
  /** Reach, acceptance, and retention of treated versus holdout over a window after launch, with the uplift and its 95% interval; null before launch. */
  results?: Maybe<CampaignResults>;
  /** The segment targeted (Segment global id); its members at launch are assigned. */
  segmentId: Scalars['ID']['output'];
  /** DRAFT, LAUNCHED or CLOSED. */
  state: CampaignState;
  /** Customers assigned to TREATMENT at launch. */
  treated: Scalars['Int']['output'];
  /** Optimistic-lock version: pass it back to launchCampaign and closeCampaign. */
  version: Scalars['Int']['output'];
  /** Active members without marketing consent at launch: in neither arm, never targeted. */
  withoutConsent: Scalars['Int']['output'];
};


/** A retention offer from the catalogue to a segment through a channel, with a random holdout that gets nothing, so that its effect can be measured. */
export type CampaignResultsArgs = {
  windowDays?: Scalars['Int']['input'];
};

/** One arm of a campaign (TREATMENT or HOLDOUT) over the retention window. */
export type CampaignArm = {
  __typename?: 'CampaignArm';
  /** Customers assigned to the arm. */
  customers: Scalars['Int']['output'];
  /** Their total deposits at launch, in the reporting currency. */
  depositsAtLaunch: Money;
  /** The deposits at launch of the customers retained, in the reporting currency. */
  depositsRetained: Money;
  /** Of them, customers retained: no full exit (customer- or bank-initiated) closed within the window. */
  retained: Scalars['Int']['output'];
  /** retained / customers; null without customers. */
  retentionRate?: Maybe<Scalars['Float']['output']>;
};

/** How the offer reaches the treated customers. */
export type CampaignChannel =
  | 'BRANCH'
  | 'EMAIL'
  | 'MAIL'
  | 'PHONE'
  | 'PUSH'
  | 'SMS';

/** A page of Campaign. */
export type CampaignConnection = {
  __typename?: 'CampaignConnection';
  /** The items on this page, each with its cursor. */
  edges: Array<CampaignEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** Number of items in the whole list; costs a count, ask only when needed. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a list of Campaign. */
export type CampaignEdge = {
  __typename?: 'CampaignEdge';
  /** Opaque cursor for this position. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Campaign;
};

/** Result of a campaign write. */
export type CampaignPayload = {
  __typename?: 'CampaignPayload';
  /** The campaign as saved; null when there are userErrors. */
  campaign?: Maybe<Campaign>;
  /** What to fix in the input; empty on success. */
  userErrors: Array<UserError>;
};

/** What a campaign did, computed in SQL over its assignments (intent to treat: every treated customer counts, proposed to or not). Uplift is the treated retention rate less the holdout's, with a 95% two-proportion Wald interval for the difference: uplift ± 1.96 × sqrt(p₁(1−p₁)/n₁ + p₀(1−p₀)/n₀). */
export type CampaignResults = {
  __typename?: 'CampaignResults';
  /** Acceptance: proposals accepted / treated customers; null without treated customers. */
  acceptance?: Maybe<Scalars['Float']['output']>;
  /** Proposals the customers accepted. */
  accepted: Scalars['Int']['output'];
  /** Deposits the campaign kept, estimated: treated deposits at launch × (share of treated deposits retained − share of holdout deposits retained); null when an arm holds no deposits. */
  depositsKept?: Maybe<Money>;
  /** The holdout (nothing sent). */
  holdout: CampaignArm;
  /** Reach: treated customers the offer was proposed to. */
  reach: Scalars['Int']['output'];
  /** The treated customers. */
  treatment: CampaignArm;
  /** Retention uplift: treatment retentionRate − holdout retentionRate; null when an arm is empty. */
  uplift?: Maybe<Scalars['Float']['output']>;
  /** Lower end of the 95% two-proportion Wald interval for the uplift. */
  upliftLower?: Maybe<Scalars['Float']['output']>;
  /** Upper end of the 95% two-proportion Wald interval for the uplift. */
  upliftUpper?: Maybe<Scalars['Float']['output']>;
  /** Whether the whole window has passed (otherwise the figures are so far). */
  windowComplete: Scalars['Boolean']['output'];
  /** The window asked for, in days after launch. */
  windowDays: Scalars['Int']['output'];
  /** Where the window ends: launch + windowDays, or now if that is still to come. */
  windowEnd: Scalars['DateTimeISO']['output'];
};

/** DRAFT → LAUNCHED → CLOSED; no other move. */
export type CampaignState =
  | 'CLOSED'
  | 'DRAFT'
  | 'LAUNCHED';

/** A campaign to move to its next state. */
export type CampaignTransitionInput = {
  /** The Campaign. */
  id: Scalars['ID']['input'];
  /** The version read (optimistic locking). */
  version: Scalars['Int']['input'];
};

/** Cancels an open case; the customer stays. */
export type CancelOffboardingInput = {
  /** The OffboardingCase. */
  caseId: Scalars['ID']['input'];
  /** Why the case is cancelled. */
  reason: Scalars['String']['input'];
  /** The version you read; a stale version is a CONFLICT. */
  version: Scalars['Int']['input'];
};

/** One step in a case's history. */
export type CaseTransition = {
  __typename?: 'CaseTransition';
  /** Who: staff subject, partner id or "system". */
  actor: Scalars['String']['output'];
  /** "staff", "partner" or "system". */
  actorKind: Scalars['String']['output'];
  /** When. */
  at: Scalars['DateTimeISO']['output'];
  /** State before; null when the case was opened. */
  from?: Maybe<OffboardingState>;
  /** Why, in the actor's words; null when withheld or erased. */
  note?: Maybe<Scalars['String']['output']>;
  /** The note was erased on an erasure request or at anonymisation. */
  noteErased: Scalars['Boolean']['output'];
  /** State after. */
  to: OffboardingState;
  /** The operation that made the step, e.g. approveExit. */
  transition: Scalars['String']['output'];
};

/** Moves a case one step; the version you read guards against overlapping changes. */
export type CaseTransitionInput = {
  /** The OffboardingCase. */
  caseId: Scalars['ID']['input'];
  /** A note for the history. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** The version you read; a stale version is a CONFLICT. */
  version: Scalars['Int']['input'];
};

/** How the customer prefers to be contacted. */
export type Channel =
  | 'BRANCH'
  | 'EMAIL'
  | 'MOBILE'
  | 'PHONE'
  | 'WEB';

/** One thing to settle before a case can close. */
export type ChecklistItem = Node & {
  __typename?: 'ChecklistItem';
  /** The account the item is about. */
  account?: Maybe<Account>;
  /** The balance moved, as the account showed it when the item was done. */
  amount?: Maybe<Money>;
  /** Why the item cannot be ticked yet (money still owed, or what the module that contributed the item says), read live; null when it can. */
  blockedReason?: Maybe<Scalars['String']['output']>;
  /** Where a deposit balance went (MOVE_BALANCE). */
  destination?: Maybe<Scalars['String']['output']>;
  /** Whether the item is done. */
  done: Scalars['Boolean']['output'];
  /** When it was done. */
  doneAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Who did it. */
  doneBy?: Maybe<Scalars['String']['output']>;
  /** Opaque global id. */
  id: Scalars['ID']['output'];
  /** What kind of item, e.g. SETTLE_DEBT, MOVE_BALANCE, or a code another module contributed. */
  kind: Scalars['String']['output'];
  /** What to do. */
  label: Scalars['String']['output'];
  /** A note; null when withheld or erased. */
  note?: Maybe<Scalars['String']['output']>;
  /** The case cannot close while a required item is open. */
  required: Scalars['Boolean']['output'];
  /** The module that put the item on the list. */
  source: Scalars['String']['output'];
};

/** Churn over a date range: per period, and by reason over the whole range. */
export type ChurnAnalytics = {
  __typename?: 'ChurnAnalytics';
  /** Exits of the whole range by initiator and reason, most first. */
  byReason: Array<ExitsByReason>;
  /** One entry per period, oldest first. */
  periods: Array<ChurnPeriod>;
};

/** The length of each period of churn analytics (UTC calendar weeks, months, quarters). */
export type ChurnGranularity =
  | 'MONTH'
  | 'QUARTER'
  | 'WEEK';

/** Churn figures of one period. */
export type ChurnPeriod = {
  __typename?: 'ChurnPeriod';
  /** exits / customersAtStart; null without customers at the start. */
  churnRate?: Maybe<Scalars['Float']['output']>;
  /** Customers of the population at the period's start. */
  customersAtStart: Scalars['Int']['output'];
  /** Balances moved out at the settlement of the exits that closed in the period, in the reporting currency. */
  depositsLost: Money;
  /** End of the period (exclusive). */
  end: Scalars['DateTimeISO']['output'];
  /** Full exits of those customers that closed in the period. */
  exits: Scalars['Int']['output'];
  /** Exit cases of the population that ended with the customer retained in the period. */
  retained: Scalars['Int']['output'];
  /** Exit cases of the population whose first retention attempt fell in the period. */
  retentionAttempts: Scalars['Int']['output'];
  /** Start of the period (inclusive). */
  start: Scalars['DateTimeISO']['output'];
  /** Customers of the population approached for a win-back in the period. */
  winBackApproached: Scalars['Int']['output'];
  /** winBacks / winBackApproached; null without approaches. */
  winBackRate?: Maybe<Scalars['Float']['output']>;
  /** Customers of the population won back in the period. */
  winBacks: Scalars['Int']['output'];
};

/** Customers who joined in one calendar quarter, and how many are still with the bank. */
export type CohortRetention = {
  __typename?: 'CohortRetention';
  /** Customers of the population who joined in it. */
  joined: Scalars['Int']['output'];
  /** The quarter joined, e.g. "2024-Q3". */
  quarter: Scalars['String']['output'];
  /** Of them, customers at the date asked (not exited, or won back since). */
  retained: Scalars['Int']['output'];
  /** retained / joined. */
  retentionRate: Scalars['Float']['output'];
};

/** A topic's complaints in the recent window against its baseline. */
export type ComplaintSurge = {
  __typename?: 'ComplaintSurge';
  /** Complaints about it in the baseline period. */
  baselineCount: Scalars['Int']['output'];
  /** Its baseline rate: complaints per window length over the baseline period. */
  baselineRate: Scalars['Float']['output'];
  /** It surges: at least the minimum count, and a ratio at or above the threshold (or no baseline at all). */
  flagged: Scalars['Boolean']['output'];
  /** recentCount / baselineRate; null when the baseline had none. */
  ratio?: Maybe<Scalars['Float']['output']>;
  /** Complaints about it in the recent window. */
  recentCount: Scalars['Int']['output'];
  /** The topic code. */
  topic: Scalars['String']['output'];
};

/** How complaint surges are found: each topic's complaints in the last window against its rate over the baseline period before it. */
export type ComplaintSurgeInput = {
  /** The baseline period right before the window, in days (1..365, default 28). */
  baselineDays?: Scalars['Int']['input'];
  /** ...and at least this many complaints in the window (default 5). */
  minCount?: Scalars['Int']['input'];
  /** A topic surges when its recent count is at least this many times its baseline rate per window (default 2). */
  threshold?: Scalars['Float']['input'];
  /** The recent window, in hours (1..720, default 24). */
  windowHours?: Scalars['Int']['input'];
};

/** Complaint surges by topic, flagged first. */
export type ComplaintSurges = {
  __typename?: 'ComplaintSurges';
  /** The baseline period starts here and ends where the window starts. */
  baselineStart: Scalars['DateTimeISO']['output'];
  /** Topics with complaints in the window or the baseline (at most 200), flagged first, then by ratio. */
  topics: Array<ComplaintSurge>;
  /** The recent window starts here and ends now. */
  windowStart: Scalars['DateTimeISO']['output'];
};

/** Ticks a settlement checklist item. */
export type CompleteChecklistItemInput = {
  /** For MOVE_BALANCE: where the balance went (e.g. the receiving IBAN). */
  destination?: InputMaybe<Scalars['String']['input']>;
  /** The ChecklistItem. */
  itemId: Scalars['ID']['input'];
  /** A note. */
  note?: InputMaybe<Scalars['String']['input']>;
};

/** A filter that another module offers on the customers list (see the module's documentation for its value). */
export type ContributedCustomerFilterInput = {
  /** The filter's name, e.g. "segments.segmentId". */
  name: Scalars['String']['input'];
  /** Its value, as text (an id, a band...). */
  value: Scalars['String']['input'];
};

/** A new partner app. Its token is returned once, in the payload. */
export type CreateApiClientInput = {
  /** When the token stops working (in the future); default never. */
  expiresAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** What the client is, for people (1 to 100 characters). */
  name: Scalars['String']['input'];
  /** The client's own budget of query cost points per rate-limit window; default: the deployment's partner budget. */
  rateLimitPoints?: InputMaybe<Scalars['Int']['input']>;
  /** Partner scopes to grant, at least one of: customers:read, customers:read_pii, ingest:write, feedback:read, feedback:write, risk:read, risk:write, loyalty:read, loyalty:write, offboarding:read, webhooks:manage. */
  scopes: Array<Scalars['String']['input']>;
};

/** Result of createApiClient. */
export type CreateApiClientPayload = {
  __typename?: 'CreateApiClientPayload';
  /** The client as saved; null when there are userErrors. */
  apiClient?: Maybe<ApiClient>;
  /** The token, `keel_<publicId>_<secret>`: shown this once and never again (Keel keeps only a hash). Null when there are userErrors. */
  token?: Maybe<Scalars['String']['output']>;
  /** What to fix in the input; empty on success. */
  userErrors: Array<UserError>;
};

/** A new campaign, created as DRAFT: nothing is sent until launchCampaign. */
export type CreateCampaignInput = {
  /** How the offer is sent. */
  channel: CampaignChannel;
  /** What it is for (up to 2,000 characters). */
  description?: InputMaybe<Scalars['String']['input']>;
  /** Percentage of the consenting members held out as the control group, 1..99. */
  holdoutPercent: Scalars['Int']['input'];
  /** Name (1..120 characters). */
  name: Scalars['String']['input'];
  /** The offer of the retention catalogue (RetentionOffer id). */
  offerId: Scalars['ID']['input'];
  /** The segment to target (Segment id). */
  segmentId: Scalars['ID']['input'];
};

/** A customer entered by hand (core banking feeds use upserts). */
export type CreateCustomerInput = {
  /** Postal address (personal data). */
  address?: InputMaybe<Scalars['String']['input']>;
  /** YYYY-MM-DD */
  dateOfBirth?: InputMaybe<Scalars['String']['input']>;
  /** Email address (personal data). */
  email?: InputMaybe<Scalars['String']['input']>;
  /** The core banking system's customer reference; unique. */
  externalRef: Scalars['String']['input'];
  /** Given name. */
  firstName: Scalars['String']['input'];
  /** When the relationship began; default now. */
  joinedAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Family name. */
  lastName: Scalars['String']['input'];
  /** Whether the customer agrees to marketing; the time of a change is recorded. */
  marketingConsent?: InputMaybe<Scalars['Boolean']['input']>;
  /** National identity number (personal data, encrypted at rest). */
  nationalId?: InputMaybe<Scalars['String']['input']>;
  /** Phone number (personal data). */
  phone?: InputMaybe<Scalars['String']['input']>;
  /** How the customer prefers to be contacted. */
  preferredChannel?: InputMaybe<Channel>;
  /** The region of the bank that serves the customer. */
  region?: InputMaybe<Scalars['String']['input']>;
  /** StaffMember id of the relationship manager. */
  relationshipManagerId?: InputMaybe<Scalars['ID']['input']>;
};

/** Result of createCustomer. */
export type CreateCustomerPayload = {
  __typename?: 'CreateCustomerPayload';
  /** The customer as saved; null when there are userErrors. */
  customer?: Maybe<Customer>;
  /** What to fix in the input; empty on success. */
  userErrors: Array<UserError>;
};

/** A new offer of the retention catalogue. */
export type CreateRetentionOfferInput = {
  /** At most this many proposals (open or accepted); none: no limit. */
  budgetCount?: InputMaybe<Scalars['Int']['input']>;
  /** At most this much value (in the offer's own unit) proposed or accepted; none: no limit. */
  budgetValue?: InputMaybe<Scalars['Float']['input']>;
  /** What kind of offer it is. */
  kind: RetentionOfferKind;
  /** The lowest loyalty tier a customer must hold; none: no tier needed. */
  minTier?: InputMaybe<LoyaltyTier>;
  /** Its name, as staff and customers see it (1 to 200 characters). */
  name: Scalars['String']['input'];
  /** The customer must hold an open account of one of these types; empty or none: no product needed. */
  productTypes?: InputMaybe<Array<AccountType>>;
  /** Its terms and conditions (1 to 5,000 characters). */
  terms: Scalars['String']['input'];
  /** From when it may be proposed (inclusive). */
  validFrom: Scalars['DateTimeISO']['input'];
  /** Until when it may be proposed and answered (exclusive). */
  validUntil: Scalars['DateTimeISO']['input'];
  /** What the offer is worth, by kind: points (BONUS_POINTS), minor units of the reporting currency (CASHBACK), basis points off the rate (RATE_DISCOUNT), months of fees waived (FEE_WAIVER), 0 (EXCLUSIVE_PRODUCT). */
  value: Scalars['Float']['input'];
};

/** A new segment: with a rule it is DYNAMIC (computed now and nightly), without one STATIC (members added by hand). */
export type CreateSegmentInput = {
  /** What it is for. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** Unique name (case-insensitive). */
  name: Scalars['String']['input'];
  /** The rule of a DYNAMIC segment; omit for a STATIC one. */
  rule?: InputMaybe<SegmentRuleInput>;
};

/** A new webhook subscription. Its signing secret is returned once, in the payload. */
export type CreateWebhookSubscriptionInput = {
  /** Domain event types to receive (1 to 100), e.g. feedback.received; a partner only those its scopes let it read. */
  eventTypes: Array<Scalars['String']['input']>;
  /** Optional conditions on the events' customers. */
  filters?: InputMaybe<WebhookFiltersInput>;
  /** Where to POST deliveries: https (http only in test configuration), never a private, loopback or link-local address. At most 2000 characters. */
  url: Scalars['String']['input'];
};

/** Result of createWebhookSubscription. */
export type CreateWebhookSubscriptionPayload = {
  __typename?: 'CreateWebhookSubscriptionPayload';
  /** The signing secret: shown this once and never again (Keel keeps it encrypted and never returns it). Null when there are userErrors. */
  secret?: Maybe<Scalars['String']['output']>;
  /** What to fix in the input; empty on success. */
  userErrors: Array<UserError>;
  /** The subscription as saved; null when there are userErrors. */
  webhookSubscription?: Maybe<WebhookSubscription>;
};

/** A customer of the bank. */
export type Customer = Node & {
  __typename?: 'Customer';
  /** Products the customer holds, oldest first. */
  accounts: Array<Account>;
  /** Monthly activity snapshots, newest first. */
  activity: Array<ActivitySnapshot>;
  /** Personal data: masked unless you may see it in full. */
  address?: Maybe<Scalars['String']['output']>;
  /** Relative change of the average balance over the last 90 days (-0.25 = a quarter less); null without activity data. */
  balanceTrend90d?: Maybe<Scalars['Float']['output']>;
  /** When Keel first stored the customer. */
  createdAt: Scalars['DateTimeISO']['output'];
  /** YYYY-MM-DD. Personal data: masked unless you may see it in full. */
  dateOfBirth?: Maybe<Scalars['String']['output']>;
  /** First and last name. */
  displayName: Scalars['String']['output'];
  /** Personal data: masked unless you may see it in full. */
  email?: Maybe<Scalars['String']['output']>;
  /** When the relationship ended, if it did. */
  exitedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** The core banking system's customer reference. */
  externalRef: Scalars['String']['output'];
  /** What the customer told us, newest first, a page at a time. */
  feedback: FeedbackConnection;
  /** Given name (visible to anyone who may read the customer). */
  firstName: Scalars['String']['output'];
  /** Opaque global id. */
  id: Scalars['ID']['output'];
  /** The incidents that touched the customer, newest first, a page at a time. */
  incidents: IncidentConnection;
  /** When the relationship began. */
  joinedAt: Scalars['DateTimeISO']['output'];
  /** Family name. */
  lastName: Scalars['String']['output'];
  /** The active legal hold on the customer's records, if any. */
  legalHold?: Maybe<LegalHold>;
  /** The customer's loyalty account; null when not enrolled. */
  loyaltyAccount?: Maybe<LoyaltyAccount>;
  /** Whether the customer agreed to marketing. */
  marketingConsent: Scalars['Boolean']['output'];
  /** When marketing consent last changed. */
  marketingConsentAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Whole months since the last month with any transaction; null without activity data. */
  monthsSinceLastActivity?: Maybe<Scalars['Int']['output']>;
  /** National identity number, encrypted at rest. Personal data: masked unless you may see it in full. */
  nationalId?: Maybe<Scalars['String']['output']>;
  /** The customer's offboarding cases, newest first. */
  offboardingCases: Array<OffboardingCase>;
  /** Retention offers proposed to the customer, newest first. */
  offers: OfferAssignmentConnection;
  /** Number of open products. */
  openProductCount: Scalars['Int']['output'];
  /** Personal data: masked unless you may see it in full. */
  phone?: Maybe<Scalars['String']['output']>;
  /** How the customer prefers to be contacted. */
  preferredChannel?: Maybe<Channel>;
  /** What to do about the customer's churn risk, strongest first (at most three), from the current score's positive factors; empty outside your reach. */
  recommendedActions: Array<RecommendedAction>;
  /** The region of the bank that serves this customer. */
  region?: Maybe<Scalars['String']['output']>;
  /** The customer's relationship manager. */
  relationshipManager?: Maybe<StaffMember>;
  /** No new products may be opened (set when the bank exits a customer). */
  restricted: Scalars['Boolean']['output'];
  /** Every score of the customer, the models' and external platforms', newest first (a rescore from the same values by the same model adds none); null outside your reach. */
  riskHistory?: Maybe<RiskScoreConnection>;
  /** The active model's current churn-risk score, with its factors; null before the first scoring or outside your reach. */
  riskScore?: Maybe<RiskScore>;
  /** The segments the customer currently belongs to, by name. */
  segments: Array<Segment>;
  /** Lifecycle status. */
  status: CustomerStatus;
  /** Whole months the customer has been with the bank (until exit, if they left), as of the request. */
  tenureMonths: Scalars['Int']['output'];
  /** Sum of money owed in the reporting currency. */
  totalDebt: Money;
  /** Sum of deposit balances in the reporting currency. */
  totalDeposits: Money;
  /** When the customer last changed in Keel. */
  updatedAt: Scalars['DateTimeISO']['output'];
  /** Optimistic-lock version; pass it back to updateCustomer. */
  version: Scalars['Int']['output'];
  /** Approaches made since the customer left, oldest first. */
  winBackAttempts: Array<WinBackAttempt>;
  /** When an exited customer came back. */
  wonBackAt?: Maybe<Scalars['DateTimeISO']['output']>;
};


/** A customer of the bank. */
export type CustomerActivityArgs = {
  last?: Scalars['Int']['input'];
};


/** A customer of the bank. */
export type CustomerFeedbackArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** A customer of the bank. */
export type CustomerIncidentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** A customer of the bank. */
export type CustomerOffersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** A customer of the bank. */
export type CustomerRiskHistoryArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of Customer. */
export type CustomerConnection = {
  __typename?: 'CustomerConnection';
  /** The items on this page, each with its cursor. */
  edges: Array<CustomerEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** Number of items in the whole list; costs a count, ask only when needed. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a list of Customer. */
export type CustomerEdge = {
  __typename?: 'CustomerEdge';
  /** Opaque cursor for this position. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Customer;
};

/** Why a customer chose to leave. */
export type CustomerExitReason =
  | 'COMPETITOR_OFFER'
  | 'DECEASED'
  | 'DIGITAL_EXPERIENCE'
  | 'FEES'
  | 'INTEREST_RATES'
  | 'OTHER'
  | 'RELOCATION'
  | 'SERVICE_QUALITY';

/** Narrows a list of customers; all given conditions must hold. */
export type CustomerFilter = {
  /** Filters other modules offer (by segment, by risk band...), each by name; all must hold. */
  contributed?: InputMaybe<Array<ContributedCustomerFilterInput>>;
  /** Holds an open product of this type. */
  hasProductType?: InputMaybe<AccountType>;
  /** Joined at or after this time. */
  joinedFrom?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Joined before this time. */
  joinedTo?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Only customers of this relationship manager (StaffMember id). */
  relationshipManagerId?: InputMaybe<Scalars['ID']['input']>;
  /** Restricted (no new products) or not. */
  restricted?: InputMaybe<Scalars['Boolean']['input']>;
  /** Part of the name, or an exact external reference; also part of the email or phone for viewers who may see them in full. */
  search?: InputMaybe<Scalars['String']['input']>;
  /** Any of these statuses. */
  status_in?: InputMaybe<Array<CustomerStatus>>;
};

/** A customer's profile as core banking knows it at `asOf`. An optional field left out keeps what Keel has; null clears it. */
export type CustomerItemInput = {
  /** Postal address (personal data). */
  address?: InputMaybe<Scalars['String']['input']>;
  /** The time this profile describes; older than what Keel has: reported as stale, not applied. */
  asOf: Scalars['DateTimeISO']['input'];
  /** Date of birth, YYYY-MM-DD (personal data). */
  dateOfBirth?: InputMaybe<Scalars['String']['input']>;
  /** Email address (personal data). */
  email?: InputMaybe<Scalars['String']['input']>;
  /** The core banking system's customer reference: the key of the item. */
  externalRef: Scalars['String']['input'];
  /** Given name. */
  firstName: Scalars['String']['input'];
  /** When the relationship began; a new customer without it joined at `asOf`. */
  joinedAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Family name. */
  lastName: Scalars['String']['input'];
  /** Whether the customer agrees to marketing; a change is stamped with `asOf`. */
  marketingConsent?: InputMaybe<Scalars['Boolean']['input']>;
  /** National identity number (personal data); encrypted before it is stored. */
  nationalId?: InputMaybe<Scalars['String']['input']>;
  /** Phone number (personal data). */
  phone?: InputMaybe<Scalars['String']['input']>;
  /** How the customer prefers to be contacted. */
  preferredChannel?: InputMaybe<Channel>;
  /** The region of the bank that serves the customer. */
  region?: InputMaybe<Scalars['String']['input']>;
  /** The relationship manager's identity provider subject, e.g. "rm-01"; null: none. */
  relationshipManagerSubject?: InputMaybe<Scalars['String']['input']>;
};

/** How to order customers: by `field`, or by an ordering another module offers (`contributed`); exactly one. Each ordering pages with its own keyset cursor. */
export type CustomerOrder = {
  /** An ordering another module offers, by name (e.g. "risk.score", "risk.band"), for viewers who may read what it orders by; customers without a value come last. */
  contributed?: InputMaybe<Scalars['String']['input']>;
  /** ASC or DESC. */
  direction?: OrderDirection;
  /** What to order by. */
  field?: InputMaybe<CustomerOrderField>;
};

/** What to order customers by. */
export type CustomerOrderField =
  | 'JOINED_AT'
  | 'NAME'
  | 'TOTAL_DEPOSITS';

/** Where the customer is in their relationship with the bank. */
export type CustomerStatus =
  | 'ACTIVE'
  | 'EXITED'
  | 'OFFBOARDING';

/** Result of deleteWebhookSubscription. */
export type DeleteWebhookSubscriptionPayload = {
  __typename?: 'DeleteWebhookSubscriptionPayload';
  /** The id of the deleted subscription (its delivery records go with it); null when there are userErrors. */
  deletedId?: Maybe<Scalars['ID']['output']>;
  /** What to fix in the input; empty on success. */
  userErrors: Array<UserError>;
};

/** Credits points a customer earned. */
export type EarnPointsInput = {
  /** The LoyaltyAccount id. */
  accountId: Scalars['ID']['input'];
  /** Points: a whole number from 1 to the configured maximum per posting. */
  amount: Scalars['Float']['input'];
  /** Your idempotency key (1 to 200 characters), scoped to you: a replay returns the first result; the same key with a different input is a CONFLICT. */
  idempotencyKey: Scalars['String']['input'];
  /** What they were earned for. */
  reason?: InputMaybe<Scalars['String']['input']>;
};

/** Enrols one customer in the loyalty programme (a customer already enrolled keeps their account). */
export type EnrollCustomerInput = {
  /** The Customer id. */
  customerId: Scalars['ID']['input'];
};

/** Enrols up to 1,000 customers at once, all or nothing; those already enrolled are left as they are. */
export type EnrollCustomersInput = {
  /** Customer ids or customers' external references (core banking's), 1 to 1,000. */
  customers: Array<Scalars['String']['input']>;
};

/** The result of an enrolment batch. */
export type EnrollCustomersPayload = {
  __typename?: 'EnrollCustomersPayload';
  /** How many of them were enrolled by this request (the rest were already). */
  enrolled?: Maybe<Scalars['Int']['output']>;
  /** The accounts of the batch's customers, in the order given; null when there are userErrors. */
  loyaltyAccounts?: Maybe<Array<LoyaltyAccount>>;
  /** Why nothing changed; empty on success. */
  userErrors: Array<UserError>;
};

/** What an erasure request did. */
export type ErasureOutcome =
  | 'ANONYMISED'
  | 'RECORDS_KEPT';

/** The answer to an erasure request. */
export type ErasureResult = {
  __typename?: 'ErasureResult';
  /** The customer. */
  customerId: Scalars['ID']['output'];
  /** What was erased by this request (field or note kinds). */
  erased: Array<Scalars['String']['output']>;
  /** Why the records are kept until then. */
  legalBasis: Scalars['String']['output'];
  /** RECORDS_KEPT before the retention date, ANONYMISED after it. */
  outcome: ErasureOutcome;
  /** Until when the bank must keep the customer's records. */
  retainUntil: Scalars['DateTimeISO']['output'];
};

/** An exit from before Keel. */
export type ExitHistoryItemInput = {
  /** The core banking system's customer reference. */
  customerExternalRef: Scalars['String']['input'];
  /** When the customer left (ISO 8601). */
  exitedAt: Scalars['String']['input'];
  /** Who decided: CUSTOMER (a churn label) or BANK (never a label). */
  initiator: ExitInitiator;
  /** Why the customer left; only for CUSTOMER exits. A bank exit's reason is never taken (no tipping-off). */
  reason?: InputMaybe<CustomerExitReason>;
};

/** Who decided that the customer leaves: CUSTOMER or BANK. */
export type ExitInitiator =
  | 'BANK'
  | 'CUSTOMER';

/** Exits with one initiator and reason. */
export type ExitsByReason = {
  __typename?: 'ExitsByReason';
  /** Exits that closed in the whole range. */
  exits: Scalars['Int']['output'];
  /** CUSTOMER or BANK. */
  initiatedBy: OffboardingInitiator;
  /** The reason; null for bank-initiated exits when you may not see their reasons (no tipping-off). */
  reason?: Maybe<OffboardingReason>;
};

/** A score from the bank's own data-science platform. */
export type ExternalRiskScoreItemInput = {
  /** When the platform computed it (ISO 8601). */
  computedAt: Scalars['String']['input'];
  /** The core banking system's customer reference. */
  customerExternalRef: Scalars['String']['input'];
  /** Probability of leaving, 0..1. */
  score: Scalars['Float']['input'];
};

/** Something a customer told the bank: a survey answer, a complaint, a suggestion, a compliment, a support request or an exit interview. */
export type Feedback = Node & {
  __typename?: 'Feedback';
  /** A complaint must be acknowledged by then (business days in the bank's time zone); null for other kinds. */
  acknowledgeBy?: Maybe<Scalars['DateTimeISO']['output']>;
  /** When it was acknowledged. */
  acknowledgedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Who handles it. */
  assignee?: Maybe<StaffMember>;
  /** Where it was given. */
  channel: FeedbackChannel;
  /** When it closed. */
  closedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** When it was recorded. */
  createdAt: Scalars['DateTimeISO']['output'];
  /** Customer satisfaction answer, 1..5. */
  csat?: Maybe<Scalars['Int']['output']>;
  /** The customer who gave it (null when you may not read them). */
  customer?: Maybe<Customer>;
  /** When it was last escalated. */
  escalatedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** How many times it has been escalated. */
  escalationLevel: Scalars['Int']['output'];
  /** The sender's own id of an imported response. */
  externalId?: Maybe<Scalars['String']['output']>;
  /** Its handling, oldest step first. */
  history: Array<FeedbackTransition>;
  /** Opaque global id. */
  id: Scalars['ID']['output'];
  /** What the feedback is. */
  kind: FeedbackKind;
  /** Language of the text (en or zh), given or detected. */
  language?: Maybe<Scalars['String']['output']>;
  /** Net Promoter Score answer, 0..10. */
  nps?: Maybe<Scalars['Int']['output']>;
  /** The overdue job found a deadline of this complaint passed while it was still open (it stays marked once found). */
  overdue: Scalars['Boolean']['output'];
  /** When the overdue job found a missed deadline. */
  overdueAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** When the customer gave it. */
  receivedAt: Scalars['DateTimeISO']['output'];
  /** What was done about it; null until resolved or when erased. */
  resolution?: Maybe<Scalars['String']['output']>;
  /** How the complaint was decided. */
  resolutionOutcome?: Maybe<ResolutionOutcome>;
  /** A complaint must be resolved by then; null for other kinds. */
  resolveBy?: Maybe<Scalars['DateTimeISO']['output']>;
  /** When it was (last) resolved. */
  resolvedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Sentiment of the text as a label. */
  sentimentLabel?: Maybe<SentimentLabel>;
  /** Sentiment of the text, -1 (negative) .. 1 (positive). */
  sentimentScore?: Maybe<Scalars['Float']['output']>;
  /** How serious it is. */
  severity: FeedbackSeverity;
  /** Where it is in its handling. */
  status: FeedbackStatus;
  /** The customer's words; may hold personal data. Null when none was given or it was erased (see textErased). */
  text?: Maybe<Scalars['String']['output']>;
  /** The text was erased when the customer was anonymised. */
  textErased: Scalars['Boolean']['output'];
  /** Topic codes found in the text (the list is configurable). */
  topics: Array<Scalars['String']['output']>;
  /** When it last changed. */
  updatedAt: Scalars['DateTimeISO']['output'];
  /** Optimistic-lock version; pass it back with each handling step. */
  version: Scalars['Int']['output'];
};

/** Where the customer gave the feedback. */
export type FeedbackChannel =
  | 'APP_REVIEW'
  | 'BRANCH'
  | 'CHAT'
  | 'EMAIL'
  | 'PHONE'
  | 'SOCIAL'
  | 'SURVEY';

/** A page of Feedback. */
export type FeedbackConnection = {
  __typename?: 'FeedbackConnection';
  /** The items on this page, each with its cursor. */
  edges: Array<FeedbackEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** Number of items in the whole list; costs a count, ask only when needed. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a list of Feedback. */
export type FeedbackEdge = {
  __typename?: 'FeedbackEdge';
  /** Opaque cursor for this position. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Feedback;
};

/** Narrows a list of feedback; all given conditions must hold. */
export type FeedbackFilter = {
  /** Only feedback assigned to this StaffMember. */
  assigneeId?: InputMaybe<Scalars['ID']['input']>;
  /** Any of these channels. */
  channel_in?: InputMaybe<Array<FeedbackChannel>>;
  /** Only this Customer's feedback. */
  customerId?: InputMaybe<Scalars['ID']['input']>;
  /** Any of these kinds. */
  kind_in?: InputMaybe<Array<FeedbackKind>>;
  /** true: only complaints marked overdue; false: only those that are not. */
  overdue?: InputMaybe<Scalars['Boolean']['input']>;
  /** Only feedback received at or after this time. */
  receivedAfter?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Only feedback received before this time. */
  receivedBefore?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Any of these severities. */
  severity_in?: InputMaybe<Array<FeedbackSeverity>>;
  /** Any of these statuses. */
  status_in?: InputMaybe<Array<FeedbackStatus>>;
  /** Only feedback about this topic (a topic code). */
  topic?: InputMaybe<Scalars['String']['input']>;
};

/** What the feedback is: a survey answer, a complaint, a suggestion, a compliment, a support request or an exit interview. */
export type FeedbackKind =
  | 'COMPLAINT'
  | 'COMPLIMENT'
  | 'EXIT_INTERVIEW'
  | 'SATISFACTION_SURVEY'
  | 'SUGGESTION'
  | 'SUPPORT_REQUEST';

/** How to order a list of feedback. */
export type FeedbackOrder = {
  /** ASC or DESC (default DESC, newest first). */
  direction?: OrderDirection;
  /** What to order by. */
  field?: FeedbackOrderField;
};

/** RECEIVED_AT: when given. RESOLVE_BY: a complaint's resolution deadline (lists complaints only). SEVERITY: then newest first within a severity level in the direction asked. */
export type FeedbackOrderField =
  | 'RECEIVED_AT'
  | 'RESOLVE_BY'
  | 'SEVERITY';

/** The feedback a mutation changed, or why nothing changed. */
export type FeedbackPayload = {
  __typename?: 'FeedbackPayload';
  /** The feedback after the change; null when userErrors say why nothing changed. */
  feedback?: Maybe<Feedback>;
  /** What to fix; when any, nothing was written. */
  userErrors: Array<UserError>;
};

/** Feedback a customer gave, as it was recorded or imported. */
export type FeedbackReceived = {
  __typename?: 'FeedbackReceived';
  /** The domain event's id: the same on every delivery (de-duplicate by it). */
  eventId: Scalars['String']['output'];
  /** The feedback as it is now. */
  feedback: Feedback;
};

/** How serious it is; a complaint's deadlines follow from it. */
export type FeedbackSeverity =
  | 'CRITICAL'
  | 'HIGH'
  | 'LOW'
  | 'MEDIUM';

/** Feedback statistics over a time range, one row per group. */
export type FeedbackStats = {
  __typename?: 'FeedbackStats';
  /** Feedback received at or after this time is counted. */
  from: Scalars['DateTimeISO']['output'];
  /** What the rows are grouped by. */
  groupBy: Array<FeedbackStatsGroup>;
  /** One row per group, ordered by the keys. */
  rows: Array<FeedbackStatsRow>;
  /** ...and before this time. */
  to: Scalars['DateTimeISO']['output'];
  /** More groups exist than the rows returned (at most 1,000); group more coarsely. */
  truncated: Scalars['Boolean']['output'];
};

/** Which feedback the statistics cover; all given conditions must hold. */
export type FeedbackStatsFilter = {
  /** Any of these channels. */
  channel_in?: InputMaybe<Array<FeedbackChannel>>;
  /** Received at or after (default: 365 days before `to`); the range is at most 731 days. */
  from?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Any of these kinds. */
  kind_in?: InputMaybe<Array<FeedbackKind>>;
  /** Any of these severities. */
  severity_in?: InputMaybe<Array<FeedbackSeverity>>;
  /** Received before (default: now). */
  to?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Only feedback about this topic (a topic code). */
  topic?: InputMaybe<Scalars['String']['input']>;
};

/** What to group feedback statistics by. TOPIC counts a piece of feedback once in each of its topics (feedback without a topic: topic null). MONTH is the calendar month in the bank's time zone. RELATIONSHIP_MANAGER and REGION are the customer's. */
export type FeedbackStatsGroup =
  | 'CHANNEL'
  | 'KIND'
  | 'MONTH'
  | 'REGION'
  | 'RELATIONSHIP_MANAGER'
  | 'TOPIC';

/** Statistics of one group of feedback; only the keys grouped by are set. */
export type FeedbackStatsRow = {
  __typename?: 'FeedbackStatsRow';
  /** Average CSAT answer, 1..5; null without answers. */
  averageCsat?: Maybe<Scalars['Float']['output']>;
  /** The channel (grouping by CHANNEL). */
  channel?: Maybe<FeedbackChannel>;
  /** Complaints in the group. */
  complaints: Scalars['Int']['output'];
  /** Pieces of feedback in the group. */
  count: Scalars['Int']['output'];
  /** Of them, with a CSAT answer. */
  csatResponses: Scalars['Int']['output'];
  /** The kind (grouping by KIND). */
  kind?: Maybe<FeedbackKind>;
  /** Median hours from receiving a complaint to acknowledging it (acknowledged complaints). */
  medianHoursToAcknowledge?: Maybe<Scalars['Float']['output']>;
  /** Median hours from receiving a complaint to resolving it (resolved complaints). */
  medianHoursToResolve?: Maybe<Scalars['Float']['output']>;
  /** The month, YYYY-MM in the bank's time zone (grouping by MONTH). */
  month?: Maybe<Scalars['String']['output']>;
  /** Net Promoter Score: % promoters (9–10) − % detractors (0–6) of the NPS answers, -100..100; null without answers. */
  nps?: Maybe<Scalars['Float']['output']>;
  /** Of them, with an NPS answer. */
  npsResponses: Scalars['Int']['output'];
  /** Complaints marked overdue. */
  overdue: Scalars['Int']['output'];
  /** 90th percentile of the hours to acknowledge a complaint. */
  p90HoursToAcknowledge?: Maybe<Scalars['Float']['output']>;
  /** 90th percentile of the hours to resolve a complaint. */
  p90HoursToResolve?: Maybe<Scalars['Float']['output']>;
  /** The customers' region (grouping by REGION; null: none). */
  region?: Maybe<Scalars['String']['output']>;
  /** The customers' relationship manager, a StaffMember id (grouping by RELATIONSHIP_MANAGER; null: none). */
  relationshipManagerId?: Maybe<Scalars['ID']['output']>;
  /** Of the complaints that are resolved or whose resolution deadline has passed, the share (0..1) resolved by the deadline; null when none. */
  resolvedWithinDeadlineShare?: Maybe<Scalars['Float']['output']>;
  /** The topic code (grouping by TOPIC; null: feedback without a topic). */
  topic?: Maybe<Scalars['String']['output']>;
};

/** Where the feedback is in its handling (complaints move through all of them). */
export type FeedbackStatus =
  | 'ACKNOWLEDGED'
  | 'CLOSED'
  | 'IN_PROGRESS'
  | 'OPEN'
  | 'RESOLVED';

/** Moves feedback one step; the version you read guards against overlapping changes. */
export type FeedbackStepInput = {
  /** The version you read; a stale version is a CONFLICT. */
  expectedVersion: Scalars['Int']['input'];
  /** The Feedback. */
  feedbackId: Scalars['ID']['input'];
  /** A note for the history. */
  note?: InputMaybe<Scalars['String']['input']>;
};

/** One step in the handling of a piece of feedback. */
export type FeedbackTransition = {
  __typename?: 'FeedbackTransition';
  /** Who: staff subject, partner id or "system". */
  actor: Scalars['String']['output'];
  /** "staff", "partner" or "system". */
  actorKind: Scalars['String']['output'];
  /** When. */
  at: Scalars['DateTimeISO']['output'];
  /** Status before; null when it was recorded. */
  from?: Maybe<FeedbackStatus>;
  /** Why, in the actor's words; null when none or erased. */
  note?: Maybe<Scalars['String']['output']>;
  /** Status after. */
  to: FeedbackStatus;
  /** The operation that made the step, e.g. acknowledgeFeedback, or markOverdue for the overdue job. */
  transition: Scalars['String']['output'];
};

/** What an exit closed, what moved where and when: the content of the letter to the customer. Never carries a bank's reason. */
export type FinalStatement = {
  __typename?: 'FinalStatement';
  /** Accounts closed. */
  accountsClosed: Array<StatementAccount>;
  /** Balances moved, and where to. */
  balancesMoved: Array<StatementTransfer>;
  /** The case. */
  caseId: Scalars['ID']['output'];
  /** When the exit was completed. */
  closedAt: Scalars['DateTimeISO']['output'];
  /** The customer. */
  customerId: Scalars['ID']['output'];
  /** The customer's name, as the letter is addressed. */
  customerName: Scalars['String']['output'];
  /** The customer's own reason; always null when the bank ended the relationship. */
  customerReason?: Maybe<OffboardingReason>;
  /** Loans and cards settled. */
  debtsSettled: Array<StatementSettlement>;
  /** Who ended the relationship. */
  initiatedBy: OffboardingInitiator;
  /** Why the records are kept. */
  legalBasis: Scalars['String']['output'];
  /** When the notice period ended (bank exits). */
  noticeEndedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** When the customer was given notice (bank exits). */
  noticeGivenAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** The bank keeps its records of the relationship until then. */
  recordsKeptUntil: Scalars['DateTimeISO']['output'];
  /** When the exit was requested. */
  requestedAt: Scalars['DateTimeISO']['output'];
  /** Whole relationship or some accounts. */
  scope: OffboardingScope;
};

/** Which closed case to make the final statement of. */
export type FinalStatementInput = {
  /** The OffboardingCase (closed). */
  caseId: Scalars['ID']['input'];
};

/** The latest rate of a currency to the reporting currency. */
export type FxRate = Node & {
  __typename?: 'FxRate';
  /** The time of the rate. */
  asOf: Scalars['DateTimeISO']['output'];
  /** ISO 4217 code of the currency. */
  currency: Scalars['String']['output'];
  /** Opaque global id. */
  id: Scalars['ID']['output'];
  /** The reporting currency (ISO 4217) that the rate converts to. */
  quoteCurrency: Scalars['String']['output'];
  /** Units of the reporting currency for one unit of `currency`, as a decimal string. */
  rate: Scalars['String']['output'];
};

/** The rate of one currency to the reporting currency. */
export type FxRateItemInput = {
  /** The time of the rate; older than what Keel has: reported as stale, not applied. */
  asOf: Scalars['DateTimeISO']['input'];
  /** ISO 4217 currency code: the key of the item. */
  currency: Scalars['String']['input'];
  /** Units of the reporting currency for one unit of `currency`, as a decimal string, e.g. "0.9215". */
  rate: Scalars['String']['input'];
};

/** Up to 1,000 exits from before Keel; all or nothing, and a re-sent item changes nothing. */
export type ImportExitHistoryInput = {
  /** The exits. */
  items: Array<ExitHistoryItemInput>;
};

/** How many exits were imported, or why none were. */
export type ImportExitHistoryPayload = {
  __typename?: 'ImportExitHistoryPayload';
  /** Exits already known (a re-sent item), left as they were. */
  alreadyKnown?: Maybe<Scalars['Int']['output']>;
  /** Exits recorded by this call. */
  imported?: Maybe<Scalars['Int']['output']>;
  /** What to fix, with the item's path; when any, nothing was written. */
  userErrors: Array<UserError>;
};

/** Survey responses, at most 1000; all are recorded or none. */
export type ImportSurveyResponsesInput = {
  /** The responses. */
  items: Array<SurveyResponseInput>;
};

/** Result of importSurveyResponses: all new responses recorded, or none (then userErrors say why). */
export type ImportSurveyResponsesPayload = {
  __typename?: 'ImportSurveyResponsesPayload';
  /** Responses recorded now. */
  recorded: Scalars['Int']['output'];
  /** Responses recorded before (same channel and external id): left as they were. */
  unchanged: Scalars['Int']['output'];
  /** What to fix, each with the item's path (["input", "items", "3", "nps"]); when any, nothing was written. */
  userErrors: Array<UserError>;
};

/** Something that went wrong for many customers at once, the customers it touched, the complaints about it, and what the bank said about it. */
export type Incident = Node & {
  __typename?: 'Incident';
  /** The customers it touched that you may read (a relationship manager: their book's), a page at a time. */
  affectedCustomers: IncidentCustomerConnection;
  /** The complaints about it that you may read (a relationship manager: their book's), oldest first. */
  complaints: IncidentComplaintConnection;
  /** When it was recorded. */
  createdAt: Scalars['DateTimeISO']['output'];
  /** When it ended; set when it is resolved, cleared when reopened. */
  endedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Opaque global id. */
  id: Scalars['ID']['output'];
  /** What went wrong. */
  kind: IncidentKind;
  /** Who opened it: staff subject or partner id. */
  openedBy: Scalars['String']['output'];
  /** "staff", "partner" or "system". */
  openedByKind: Scalars['String']['output'];
  /** How serious it is. */
  severity: FeedbackSeverity;
  /** When it began. */
  startedAt: Scalars['DateTimeISO']['output'];
  /** Where it stands. */
  status: IncidentStatus;
  /** What happened and what is being done, for staff. */
  summary?: Maybe<Scalars['String']['output']>;
  /** A short name of the incident. */
  title: Scalars['String']['output'];
  /** When it last changed. */
  updatedAt: Scalars['DateTimeISO']['output'];
  /** What the bank said about it, oldest first: the record of what was said, when, where and to whom. Partners see only what customers saw. */
  updates: IncidentUpdateConnection;
  /** Optimistic-lock version; pass it back to change the status. */
  version: Scalars['Int']['output'];
};


/** Something that went wrong for many customers at once, the customers it touched, the complaints about it, and what the bank said about it. */
export type IncidentAffectedCustomersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** Something that went wrong for many customers at once, the customers it touched, the complaints about it, and what the bank said about it. */
export type IncidentComplaintsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** Something that went wrong for many customers at once, the customers it touched, the complaints about it, and what the bank said about it. */
export type IncidentUpdatesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

/** Where the bank said something about an incident; INTERNAL is for staff only. */
export type IncidentChannel =
  | 'APP'
  | 'BRANCH'
  | 'EMAIL'
  | 'INTERNAL'
  | 'PRESS'
  | 'SMS'
  | 'SOCIAL'
  | 'WEBSITE';

/** A page of IncidentComplaint. */
export type IncidentComplaintConnection = {
  __typename?: 'IncidentComplaintConnection';
  /** The items on this page, each with its cursor. */
  edges: Array<IncidentComplaintEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** Number of items in the whole list; costs a count, ask only when needed. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a list of IncidentComplaint. */
export type IncidentComplaintEdge = {
  __typename?: 'IncidentComplaintEdge';
  /** Opaque cursor for this position. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Feedback;
};

/** A page of Incident. */
export type IncidentConnection = {
  __typename?: 'IncidentConnection';
  /** The items on this page, each with its cursor. */
  edges: Array<IncidentEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** Number of items in the whole list; costs a count, ask only when needed. */
  totalCount: Scalars['Int']['output'];
};

/** A page of IncidentCustomer. */
export type IncidentCustomerConnection = {
  __typename?: 'IncidentCustomerConnection';
  /** The items on this page, each with its cursor. */
  edges: Array<IncidentCustomerEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** Number of items in the whole list; costs a count, ask only when needed. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a list of IncidentCustomer. */
export type IncidentCustomerEdge = {
  __typename?: 'IncidentCustomerEdge';
  /** Opaque cursor for this position. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Customer;
};

/** An edge in a list of Incident. */
export type IncidentEdge = {
  __typename?: 'IncidentEdge';
  /** Opaque cursor for this position. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Incident;
};

/** Narrows a list of incidents; all given conditions must hold. */
export type IncidentFilter = {
  /** Any of these kinds. */
  kind_in?: InputMaybe<Array<IncidentKind>>;
  /** Any of these severities. */
  severity_in?: InputMaybe<Array<FeedbackSeverity>>;
  /** Only incidents that started at or after this time. */
  startedAfter?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Only incidents that started before this time. */
  startedBefore?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Any of these statuses. */
  status_in?: InputMaybe<Array<IncidentStatus>>;
};

/** What went wrong: an outage, a failed service, fraud, a data breach, or harm to the bank's name. */
export type IncidentKind =
  | 'DATA_BREACH'
  | 'FRAUD'
  | 'OUTAGE'
  | 'REPUTATIONAL'
  | 'SERVICE_FAILURE';

/** The incident a mutation changed, or why nothing changed. */
export type IncidentPayload = {
  __typename?: 'IncidentPayload';
  /** The incident after the change; null when userErrors say why nothing changed. */
  incident?: Maybe<Incident>;
  /** What to fix; when any, nothing was written. */
  userErrors: Array<UserError>;
};

/** OPEN: under way. MONITORING: fixed, watched. RESOLVED: over (it may be reopened). */
export type IncidentStatus =
  | 'MONITORING'
  | 'OPEN'
  | 'RESOLVED';

/** Something the bank said about an incident: the message, where, whether customers saw it, when and by whom. Never changed or removed once posted. */
export type IncidentUpdate = {
  __typename?: 'IncidentUpdate';
  /** Where it was said. */
  channel: IncidentChannel;
  /** Customers saw it (false: an internal note for staff). */
  customerVisible: Scalars['Boolean']['output'];
  /** What was said. */
  message: Scalars['String']['output'];
  /** When it was posted. */
  postedAt: Scalars['DateTimeISO']['output'];
  /** Who posted it: staff subject or partner id. */
  postedBy: Scalars['String']['output'];
  /** "staff", "partner" or "system". */
  postedByKind: Scalars['String']['output'];
};

/** A page of IncidentUpdate. */
export type IncidentUpdateConnection = {
  __typename?: 'IncidentUpdateConnection';
  /** The items on this page, each with its cursor. */
  edges: Array<IncidentUpdateEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** Number of items in the whole list; costs a count, ask only when needed. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a list of IncidentUpdate. */
export type IncidentUpdateEdge = {
  __typename?: 'IncidentUpdateEdge';
  /** Opaque cursor for this position. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: IncidentUpdate;
};

/** Something the bank said about an incident, as it was posted. */
export type IncidentUpdated = {
  __typename?: 'IncidentUpdated';
  /** The domain event's id: the same on every delivery (de-duplicate by it). */
  eventId: Scalars['String']['output'];
  /** The incident as it is now. */
  incident: Incident;
  /** What was said, when, where and whether customers were told. */
  update: IncidentUpdate;
};

/** One run of a background job (or its copy in the dead-letter queue). */
export type JobRun = Node & {
  __typename?: 'JobRun';
  /** Attempts started so far (the first run and its retries). */
  attempts: Scalars['Int']['output'];
  /** When the run was sent. */
  createdAt: Scalars['DateTimeISO']['output'];
  /** Milliseconds from the last start to the finish. */
  durationMs?: Maybe<Scalars['Int']['output']>;
  /** When it completed or failed for good. */
  finishedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Opaque global id. */
  id: Scalars['ID']['output'];
  /** The error of the last failed attempt. */
  lastError?: Maybe<Scalars['String']['output']>;
  /** The job, e.g. offboarding.retention; "dead-letter" for the copy of a run that failed for good. */
  name: Scalars['String']['output'];
  /** The period this run is for (runs are sent once per period). */
  period?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Retries allowed after the first attempt. */
  retryLimit: Scalars['Int']['output'];
  /** When its last attempt started. */
  startedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Where the run is. */
  state: JobRunState;
};

/** A page of JobRun. */
export type JobRunConnection = {
  __typename?: 'JobRunConnection';
  /** The items on this page, each with its cursor. */
  edges: Array<JobRunEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** Number of items in the whole list; costs a count, ask only when needed. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a list of JobRun. */
export type JobRunEdge = {
  __typename?: 'JobRunEdge';
  /** Opaque cursor for this position. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: JobRun;
};

/** Narrows the job runs; all given conditions must hold. */
export type JobRunFilter = {
  /** Runs of this job. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** Runs in one of these states. */
  state_in?: InputMaybe<Array<JobRunState>>;
};

/** Where a run of a background job is: waiting (CREATED), waiting to be retried after a failure (RETRY), running (ACTIVE), done (COMPLETED), cancelled, or FAILED for good after its retries (then also in the dead-letter queue). */
export type JobRunState =
  | 'ACTIVE'
  | 'CANCELLED'
  | 'COMPLETED'
  | 'CREATED'
  | 'FAILED'
  | 'RETRY';

/** A hold on a customer's records: nothing of theirs is erased or anonymised while it is active. */
export type LegalHold = Node & {
  __typename?: 'LegalHold';
  /** Opaque global id. */
  id: Scalars['ID']['output'];
  /** When it was placed. */
  placedAt: Scalars['DateTimeISO']['output'];
  /** Who placed it. */
  placedBy: Scalars['String']['output'];
  /** Why the records are held. */
  reason: Scalars['String']['output'];
  /** Why it was released. */
  releaseNote?: Maybe<Scalars['String']['output']>;
  /** When it was released; null while active. */
  releasedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Who released it. */
  releasedBy?: Maybe<Scalars['String']['output']>;
};

/** Result of placeLegalHold or releaseLegalHold. */
export type LegalHoldPayload = {
  __typename?: 'LegalHoldPayload';
  /** The hold as saved; null when there are userErrors. */
  legalHold?: Maybe<LegalHold>;
  /** Why nothing changed; empty on success. */
  userErrors: Array<UserError>;
};

/** A complaint that is about an incident. */
export type LinkComplaintToIncidentInput = {
  /** The complaint (a Feedback of kind COMPLAINT). */
  complaintId: Scalars['ID']['input'];
  /** The Incident. */
  incidentId: Scalars['ID']['input'];
};

/** The complaint linked to an incident, or why nothing changed. */
export type LinkComplaintToIncidentPayload = {
  __typename?: 'LinkComplaintToIncidentPayload';
  /** The complaint after the change. */
  complaint?: Maybe<Feedback>;
  /** The incident it is about. */
  incident?: Maybe<Incident>;
  /** What to fix; when any, nothing was written. */
  userErrors: Array<UserError>;
};

/** Customers an incident touched. */
export type LinkIncidentCustomersInput = {
  /** Customers, up to 1000; linking one again changes nothing. To link a segment's members, use linkIncidentSegment. */
  customerIds: Array<Scalars['ID']['input']>;
  /** The Incident. */
  incidentId: Scalars['ID']['input'];
};

/** Result of linkIncidentCustomers: the customers linked now and those linked before. */
export type LinkIncidentCustomersPayload = {
  __typename?: 'LinkIncidentCustomersPayload';
  /** Customers that were linked already (left as they were). */
  alreadyLinked?: Maybe<Scalars['Int']['output']>;
  /** The incident; null when userErrors say why nothing changed. */
  incident?: Maybe<Incident>;
  /** Customers linked by this call. */
  linked?: Maybe<Scalars['Int']['output']>;
  /** What to fix; when any, nothing was written. */
  userErrors: Array<UserError>;
};

/** The current members of a group of customers (a segment) that an incident touched. */
export type LinkIncidentSegmentInput = {
  /** The Incident. */
  incidentId: Scalars['ID']['input'];
  /** A Segment: its current members are linked (those within your reach; a relationship manager links their own book). */
  segmentId: Scalars['ID']['input'];
};

/** Result of linkIncidentSegment: the members linked now, those linked before and those outside your reach. */
export type LinkIncidentSegmentPayload = {
  __typename?: 'LinkIncidentSegmentPayload';
  /** Members that were linked already (left as they were). */
  alreadyLinked?: Maybe<Scalars['Int']['output']>;
  /** The incident; null when userErrors say why nothing changed. */
  incident?: Maybe<Incident>;
  /** Members linked by this call. */
  linked?: Maybe<Scalars['Int']['output']>;
  /** Members outside your reach, not linked (another relationship manager's book). */
  outsideReach?: Maybe<Scalars['Int']['output']>;
  /** What to fix; when any, nothing was written. */
  userErrors: Array<UserError>;
};

/** A customer's membership of the loyalty programme: status, tier and points balance. */
export type LoyaltyAccount = Node & {
  __typename?: 'LoyaltyAccount';
  /** When the account closed. */
  closedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** The member. */
  customer?: Maybe<Customer>;
  /** When the customer enrolled. */
  enrolledAt: Scalars['DateTimeISO']['output'];
  /** The account's ledger entries, newest first. */
  entries: PointsEntryConnection;
  /** Opaque global id. */
  id: Scalars['ID']['output'];
  /** Points held now: the sum of the account's ledger lines, never negative. */
  pointsBalance: Scalars['Float']['output'];
  /** ACTIVE, SUSPENDED or CLOSED. */
  status: LoyaltyStatus;
  /** Current tier. */
  tier: LoyaltyTier;
  /** When the tier last changed. */
  tierChangedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** The account's tier changes and why, newest first. */
  tierHistory: TierChangeConnection;
  /** Optimistic-lock version. */
  version: Scalars['Int']['output'];
};


/** A customer's membership of the loyalty programme: status, tier and points balance. */
export type LoyaltyAccountEntriesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** A customer's membership of the loyalty programme: status, tier and points balance. */
export type LoyaltyAccountTierHistoryArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

/** The result of a change to a loyalty account. */
export type LoyaltyAccountPayload = {
  __typename?: 'LoyaltyAccountPayload';
  /** The account as saved; null when there are userErrors. */
  loyaltyAccount?: Maybe<LoyaltyAccount>;
  /** Why nothing changed; empty on success. */
  userErrors: Array<UserError>;
};

/** Points the programme owes its members and what they are worth. */
export type LoyaltyLiability = {
  __typename?: 'LoyaltyLiability';
  /** When this was computed. */
  asOf: Scalars['DateTimeISO']['output'];
  /** By tier, lowest first. */
  byTier: Array<LoyaltyLiabilityTier>;
  /** All points outstanding. */
  totalPoints: Scalars['Float']['output'];
  /** What they are worth. */
  totalValue: Money;
};

/** Points outstanding in one tier. */
export type LoyaltyLiabilityTier = {
  __typename?: 'LoyaltyLiabilityTier';
  /** Accounts (not closed) in the tier. */
  accounts: Scalars['Int']['output'];
  /** Points they hold. */
  points: Scalars['Float']['output'];
  /** The tier. */
  tier: LoyaltyTier;
  /** What those points are worth at the configured rate, in the reporting currency. */
  value: Money;
};

/** The programme's rules as this deployment is configured: what offers and campaigns are designed against. */
export type LoyaltyProgramme = {
  __typename?: 'LoyaltyProgramme';
  /** Adjustments of more points than this need a second admin's approval. */
  adjustmentApprovalAbove: Scalars['Float']['output'];
  /** What happens to a leaving customer's points: PAYOUT or FORFEIT. */
  exitPolicy: Scalars['String']['output'];
  /** Points expire, oldest first, this many months after they were credited. */
  expiryMonths: Scalars['Int']['output'];
  /** The most points one entry may move. */
  maxPointsPerPosting: Scalars['Float']['output'];
  /** What one point is worth. */
  pointValue: Money;
  /** Tier thresholds, lowest tier first. */
  tiers: Array<LoyaltyTierThreshold>;
};

/** An account's points over a period: opening balance + entries = closing balance. */
export type LoyaltyStatement = {
  __typename?: 'LoyaltyStatement';
  /** Balance at the end of the period: opening balance + netChange. */
  closingBalance: Scalars['Float']['output'];
  /** The entries of the period, oldest first (at most 1,000; see truncated). */
  entries: Array<PointsEntry>;
  /** Start of the period (inclusive). */
  from: Scalars['DateTimeISO']['output'];
  /** Sum of the entries in the period. */
  netChange: Scalars['Float']['output'];
  /** Balance at the start of the period. */
  openingBalance: Scalars['Float']['output'];
  /** End of the period (exclusive). */
  to: Scalars['DateTimeISO']['output'];
  /** More than 1,000 entries fell in the period: ask for a shorter one (the balances are still exact). */
  truncated: Scalars['Boolean']['output'];
};

/** An account's statement over a period. */
export type LoyaltyStatementInput = {
  /** The LoyaltyAccount id. */
  accountId: Scalars['ID']['input'];
  /** Start of the period (inclusive). */
  from: Scalars['DateTimeISO']['input'];
  /** End of the period (exclusive). */
  to: Scalars['DateTimeISO']['input'];
};

/** ACTIVE; SUSPENDED (no redemptions); CLOSED (nothing posts). */
export type LoyaltyStatus =
  | 'ACTIVE'
  | 'CLOSED'
  | 'SUSPENDED';

/** Tier from the points earned in the rolling 12 months (thresholds are configured). */
export type LoyaltyTier =
  | 'BRONZE'
  | 'GOLD'
  | 'PLATINUM'
  | 'SILVER';

/** Where a tier starts. */
export type LoyaltyTierThreshold = {
  __typename?: 'LoyaltyTierThreshold';
  /** Points earned in the rolling 12 months from which it applies. */
  pointsEarned12m: Scalars['Float']['output'];
  /** The tier. */
  tier: LoyaltyTier;
};

/** An amount of money: a decimal string with the currency's own number of decimals. */
export type Money = {
  __typename?: 'Money';
  /** Decimal string, e.g. "1250.00" (EUR) or "1250" (JPY). Never a float. */
  amount: Scalars['String']['output'];
  /** ISO 4217 currency code. */
  currency: Scalars['String']['output'];
};

/** An amount of money: a decimal string and an ISO 4217 currency code. */
export type MoneyInput = {
  /** Decimal string with at most the currency's own number of decimals, e.g. "1250.00"; never negative. */
  amount: Scalars['String']['input'];
  /** ISO 4217 currency code, e.g. "EUR". */
  currency: Scalars['String']['input'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Tells the customer their feedback was received (OPEN → ACKNOWLEDGED). */
  acknowledgeFeedback: FeedbackPayload;
  /** Acknowledges an alert of a customer in your book: someone is acting on it. */
  acknowledgeRiskAlert: RiskAlertPayload;
  /** Activates a DRAFT model (never by its trainer) and retires the previous one. Every customer is then rescored with it in the background by the job risk.rescore (its scores say MODEL_ACTIVATED); until then a customer's riskScore is the previous model's, with its modelVersion. */
  activateRiskModel: RiskModelPayload;
  /** Adds customers to a STATIC segment (at most 1,000; all or nothing; members already in stay as they are). */
  addSegmentMembers: SegmentPayload;
  /** Adjusts a balance with a reason (ADMIN); above the configured size it waits for a second admin (pendingAdjustment). */
  adjustPoints: PointsEntryPayload;
  /** Approves a bank exit (a compliance officer who did not initiate it). PENDING_APPROVAL → NOTICE. */
  approveExit: OffboardingCasePayload;
  /** Approves and posts a pending adjustment (ADMIN, not the one who asked for it). */
  approvePointsAdjustment: PointsEntryPayload;
  /** Gives open feedback to a member of staff, or to no one. */
  assignFeedback: FeedbackPayload;
  /** Gives an open case to another member of staff. */
  assignOffboardingCase: OffboardingCasePayload;
  /** Give a customer a relationship manager (or none). */
  assignRelationshipManager: UpdateCustomerPayload;
  /** Cancels an open case, with a reason; the customer stays. Any open state → CANCELLED. */
  cancelOffboarding: OffboardingCasePayload;
  /** Closes a LAUNCHED campaign; its results stay readable. */
  closeCampaign: CampaignPayload;
  /** Closes the exit once every required item is done (and a bank exit's notice has ended); closes the accounts in scope. SETTLEMENT → CLOSED. */
  closeOffboarding: OffboardingCasePayload;
  /** Ticks a checklist item; an item whose account still shows money owed cannot be ticked. */
  completeChecklistItem: OffboardingCasePayload;
  /** Register a partner app and issue its token (ADMIN only). Audited. */
  createApiClient: CreateApiClientPayload;
  /** Creates a DRAFT campaign: an offer of the catalogue to a segment through a channel, with a holdout percentage. */
  createCampaign: CampaignPayload;
  /** Enter a customer by hand. */
  createCustomer: CreateCustomerPayload;
  /** Adds an offer to the retention catalogue; its value is checked against its kind. */
  createRetentionOffer: RetentionOfferPayload;
  /** Creates a segment: with a rule DYNAMIC (its members computed now), without one STATIC. */
  createSegment: SegmentPayload;
  /** Subscribe a URL to domain event types (ADMIN, or a partner with webhooks:manage for its own client). Returns the signing secret once. Audited. */
  createWebhookSubscription: CreateWebhookSubscriptionPayload;
  /** Delete a subscription and its delivery records; queued attempts are dropped. Audited. */
  deleteWebhookSubscription: DeleteWebhookSubscriptionPayload;
  /** Credits points earned. Idempotent per caller and key. */
  earnPoints: PointsEntryPayload;
  /** Enrols a customer in the loyalty programme (BRONZE); an enrolled customer gets their account back. */
  enrollCustomer: LoyaltyAccountPayload;
  /** Enrols up to 1,000 customers (ids or external references), all or nothing; a replay changes nothing. */
  enrollCustomers: EnrollCustomersPayload;
  /** Escalates open feedback one level. */
  escalateFeedback: FeedbackPayload;
  /** Imports up to 1,000 exits from before Keel, all or nothing; customer-initiated ones become churn labels. Idempotent. */
  importExitHistory: ImportExitHistoryPayload;
  /** Records survey responses, up to 1,000, all or none. A response sent again (same channel and external id) is left as it was and counted as unchanged. */
  importSurveyResponses: ImportSurveyResponsesPayload;
  /** Launches a DRAFT campaign: the segment's active members with marketing consent are assigned to TREATMENT or HOLDOUT by a hash of the campaign and customer ids, and the offer is proposed to the eligible treated customers. */
  launchCampaign: CampaignPayload;
  /** Says a complaint is about an incident; again with the same incident changes nothing. */
  linkComplaintToIncident: LinkComplaintToIncidentPayload;
  /** Links up to 1,000 customers to an incident, all or none; those linked before are counted and left as they were. A customer outside your reach makes the whole call NOT_FOUND. */
  linkIncidentCustomers: LinkIncidentCustomersPayload;
  /** Links the current members of a segment to an incident, in one statement: those within your reach (a relationship manager's book) are linked, those linked before are counted and left, the others are counted as outside your reach. */
  linkIncidentSegment: LinkIncidentSegmentPayload;
  /** Records that the customer was notified of a bank exit; the notice period starts now. */
  notifyCustomer: OffboardingCasePayload;
  /** Opens an incident (status OPEN). */
  openIncident: IncidentPayload;
  /** Stop deliveries until resumed; the reason is shown on the subscription. Audited. */
  pauseWebhookSubscription: PauseWebhookSubscriptionPayload;
  /** Holds a customer's records: no erasure, no anonymisation until released. */
  placeLegalHold: LegalHoldPayload;
  /** Records what the bank said about an incident, where and whether customers saw it. Updates are never changed or removed. */
  postIncidentUpdate: PostIncidentUpdatePayload;
  /** Proposes a catalogue offer to a customer: eligibility checked, budget reserved. Without marketing consent only within an exit (offboardingCaseId). */
  proposeOffer: OfferAssignmentPayload;
  /** Reactivates a suspended account (ADMIN). */
  reactivateLoyaltyAccount: LoyaltyAccountPayload;
  /** Record monthly activity by customer reference and month. Up to 1000 items, all or nothing; older than stored: reported as stale, not applied. */
  recordActivitySnapshots: RecordActivitySnapshotsPayload;
  /** Records up to 1,000 scores from the bank's own platform, all or nothing; shown in riskHistory with their source, never as riskScore. */
  recordExternalRiskScores: RecordExternalRiskScoresPayload;
  /** Records feedback a customer gave. A COMPLAINT gets its deadlines from its severity; an EXIT_INTERVIEW attaches to the customer's open offboarding case (without one: a userError). */
  recordFeedback: FeedbackPayload;
  /** Records a retention offer and the customer's answer (customer exits). REQUESTED or RETENTION → RETENTION. */
  recordRetentionAttempt: OffboardingCasePayload;
  /** A customer who left comes back: ACTIVE again, with wonBackAt. */
  recordWinBack: WinBackPayload;
  /** Records an approach to a customer who left, and how it went. */
  recordWinBackAttempt: WinBackPayload;
  /** Spends points; never below zero (INSUFFICIENT_POINTS), not on a suspended account. Idempotent per caller and key. */
  redeemPoints: PointsEntryPayload;
  /** Deliver a published event to the subscription again, as a fresh delivery from attempt 1. Audited. */
  redeliverWebhookEvent: RedeliverWebhookEventPayload;
  /** Recomputes a DYNAMIC segment's members from its rule now. */
  refreshSegment: SegmentPayload;
  /** Releases the active legal hold on a customer's records. */
  releaseLegalHold: LegalHoldPayload;
  /** Removes customers from a STATIC segment (at most 1,000; all or nothing; customers not in it are ignored). */
  removeSegmentMembers: SegmentPayload;
  /** Reopens resolved feedback the customer is not satisfied with (RESOLVED → IN_PROGRESS). */
  reopenFeedback: FeedbackPayload;
  /** A customer asks to be forgotten: before the retention date, erases what need not be kept and answers with the date and its legal basis; after it, anonymises. A legal hold refuses. */
  requestErasure: RequestErasurePayload;
  /** Resolves it with what was done and the outcome (ACKNOWLEDGED or IN_PROGRESS → RESOLVED); it closes after the configured days unless reopened. */
  resolveFeedback: FeedbackPayload;
  /** Records the customer's answer, once; accepting BONUS_POINTS or CASHBACK credits their points. Idempotent per caller and key. */
  respondToOffer: OfferAssignmentPayload;
  /** Deliver again from now on (events published while paused are not sent; redeliver them by id). Audited. */
  resumeWebhookSubscription: ResumeWebhookSubscriptionPayload;
  /** The customer accepted an offer and stays. RETENTION → RETAINED, customer → ACTIVE. */
  retainCustomer: OffboardingCasePayload;
  /** Retires an offer: no new proposals; those open stand until answered or expired. */
  retireRetentionOffer: RetentionOfferPayload;
  /** Reverses an entry with an opposite entry (ADMIN): once only, never below zero. */
  reversePointsEntry: PointsEntryPayload;
  /** Revoke a client: its token is refused from the next request on, on every replica. Audited. */
  revokeApiClient: RevokeApiClientPayload;
  /** Issue a new token for a client; the old one keeps working for the configured grace period (default 24 h), then stops. Audited. */
  rotateApiClientToken: RotateApiClientTokenPayload;
  /** Issue a new signing secret; deliveries carry a signature with the old one too for the overlap period (default 24 h). Audited. */
  rotateWebhookSecret: RotateWebhookSecretPayload;
  /** At a customer's exit: pays out or forfeits their points (LOYALTY_EXIT_POLICY) and closes the account; entry is null when there were none. */
  settleLoyaltyAtExit: PointsEntryPayload;
  /** Opens an exit: customer- or bank-initiated, FULL or for some accounts. Case → REQUESTED, customer → OFFBOARDING. */
  startOffboarding: OffboardingCasePayload;
  /** Starts settlement and makes the checklist. RETENTION (offer declined) or NOTICE (customer notified) → SETTLEMENT. */
  startSettlement: OffboardingCasePayload;
  /** Starts working on it (OPEN or ACKNOWLEDGED → IN_PROGRESS; acknowledges it when it was not). */
  startWorkOnFeedback: FeedbackPayload;
  /** Submits a bank exit for a compliance officer's approval. REQUESTED → PENDING_APPROVAL. */
  submitForApproval: OffboardingCasePayload;
  /** Suspends an account: no redemptions until it is reactivated (ADMIN). */
  suspendLoyaltyAccount: LoyaltyAccountPayload;
  /** Asks for a model to be trained: returned at once in TRAINING; the training job makes it DRAFT or FAILED. */
  trainRiskModel: RiskModelPayload;
  /** Rename a client or change its own budget of cost points (ADMIN only). Audited. */
  updateApiClient: UpdateApiClientPayload;
  /** Change a customer's profile or consent (optimistic locking). */
  updateCustomer: UpdateCustomerPayload;
  /** Moves an incident: OPEN → MONITORING or RESOLVED, MONITORING → OPEN or RESOLVED, RESOLVED → OPEN (reopened). Resolving sets endedAt. */
  updateIncidentStatus: IncidentPayload;
  /** Changes an offer of the catalogue (optimistic: send the version you read; a stale one is a CONFLICT). */
  updateRetentionOffer: RetentionOfferPayload;
  /** Changes a segment's name, description or rule (a new rule recomputes the members). */
  updateSegment: SegmentPayload;
  /** Create or update accounts by external reference; recomputes the holders' totals. Up to 1000 items, all or nothing; older than stored: reported as stale, not applied. */
  upsertAccounts: UpsertAccountsPayload;
  /** Create or update customer profiles by external reference. Up to 1000 items, all or nothing; older than stored: reported as stale, not applied. */
  upsertCustomers: UpsertCustomersPayload;
  /** Set rates to the reporting currency; recomputes every customer's totals. Up to 1000 items, all or nothing; older than stored: reported as stale, not applied. */
  upsertFxRates: UpsertFxRatesPayload;
  /** Withdraws an offer the customer has not answered yet; its budget is released. */
  withdrawOffer: OfferAssignmentPayload;
};


export type MutationAcknowledgeFeedbackArgs = {
  input: FeedbackStepInput;
};


export type MutationAcknowledgeRiskAlertArgs = {
  input: AcknowledgeRiskAlertInput;
};


export type MutationActivateRiskModelArgs = {
  input: ActivateRiskModelInput;
};


export type MutationAddSegmentMembersArgs = {
  input: SegmentMembersInput;
};


export type MutationAdjustPointsArgs = {
  input: AdjustPointsInput;
};


export type MutationApproveExitArgs = {
  input: CaseTransitionInput;
};


export type MutationApprovePointsAdjustmentArgs = {
  input: ApprovePointsAdjustmentInput;
};


export type MutationAssignFeedbackArgs = {
  input: AssignFeedbackInput;
};


export type MutationAssignOffboardingCaseArgs = {
  input: AssignOffboardingCaseInput;
};


export type MutationAssignRelationshipManagerArgs = {
  input: AssignRelationshipManagerInput;
};


export type MutationCancelOffboardingArgs = {
  input: CancelOffboardingInput;
};


export type MutationCloseCampaignArgs = {
  input: CampaignTransitionInput;
};


export type MutationCloseOffboardingArgs = {
  input: CaseTransitionInput;
};


export type MutationCompleteChecklistItemArgs = {
  input: CompleteChecklistItemInput;
};


export type MutationCreateApiClientArgs = {
  input: CreateApiClientInput;
};


export type MutationCreateCampaignArgs = {
  input: CreateCampaignInput;
};


export type MutationCreateCustomerArgs = {
  input: CreateCustomerInput;
};


export type MutationCreateRetentionOfferArgs = {
  input: CreateRetentionOfferInput;
};


export type MutationCreateSegmentArgs = {
  input: CreateSegmentInput;
};


export type MutationCreateWebhookSubscriptionArgs = {
  input: CreateWebhookSubscriptionInput;
};


export type MutationDeleteWebhookSubscriptionArgs = {
  input: WebhookSubscriptionRefInput;
};


export type MutationEarnPointsArgs = {
  input: EarnPointsInput;
};


export type MutationEnrollCustomerArgs = {
  input: EnrollCustomerInput;
};


export type MutationEnrollCustomersArgs = {
  input: EnrollCustomersInput;
};


export type MutationEscalateFeedbackArgs = {
  input: FeedbackStepInput;
};


export type MutationImportExitHistoryArgs = {
  input: ImportExitHistoryInput;
};


export type MutationImportSurveyResponsesArgs = {
  input: ImportSurveyResponsesInput;
};


export type MutationLaunchCampaignArgs = {
  input: CampaignTransitionInput;
};


export type MutationLinkComplaintToIncidentArgs = {
  input: LinkComplaintToIncidentInput;
};


export type MutationLinkIncidentCustomersArgs = {
  input: LinkIncidentCustomersInput;
};


export type MutationLinkIncidentSegmentArgs = {
  input: LinkIncidentSegmentInput;
};


export type MutationNotifyCustomerArgs = {
  input: CaseTransitionInput;
};


export type MutationOpenIncidentArgs = {
  input: OpenIncidentInput;
};


export type MutationPauseWebhookSubscriptionArgs = {
  input: PauseWebhookSubscriptionInput;
};


export type MutationPlaceLegalHoldArgs = {
  input: PlaceLegalHoldInput;
};


export type MutationPostIncidentUpdateArgs = {
  input: PostIncidentUpdateInput;
};


export type MutationProposeOfferArgs = {
  input: ProposeOfferInput;
};


export type MutationReactivateLoyaltyAccountArgs = {
  input: ReactivateLoyaltyAccountInput;
};


export type MutationRecordActivitySnapshotsArgs = {
  input: RecordActivitySnapshotsInput;
};


export type MutationRecordExternalRiskScoresArgs = {
  input: RecordExternalRiskScoresInput;
};


export type MutationRecordFeedbackArgs = {
  input: RecordFeedbackInput;
};


export type MutationRecordRetentionAttemptArgs = {
  input: RecordRetentionAttemptInput;
};


export type MutationRecordWinBackArgs = {
  input: RecordWinBackInput;
};


export type MutationRecordWinBackAttemptArgs = {
  input: RecordWinBackAttemptInput;
};


export type MutationRedeemPointsArgs = {
  input: RedeemPointsInput;
};


export type MutationRedeliverWebhookEventArgs = {
  input: RedeliverWebhookEventInput;
};


export type MutationRefreshSegmentArgs = {
  input: RefreshSegmentInput;
};


export type MutationReleaseLegalHoldArgs = {
  input: ReleaseLegalHoldInput;
};


export type MutationRemoveSegmentMembersArgs = {
  input: SegmentMembersInput;
};


export type MutationReopenFeedbackArgs = {
  input: FeedbackStepInput;
};


export type MutationRequestErasureArgs = {
  input: RequestErasureInput;
};


export type MutationResolveFeedbackArgs = {
  input: ResolveFeedbackInput;
};


export type MutationRespondToOfferArgs = {
  input: RespondToOfferInput;
};


export type MutationResumeWebhookSubscriptionArgs = {
  input: WebhookSubscriptionRefInput;
};


export type MutationRetainCustomerArgs = {
  input: CaseTransitionInput;
};


export type MutationRetireRetentionOfferArgs = {
  input: RetireRetentionOfferInput;
};


export type MutationReversePointsEntryArgs = {
  input: ReversePointsEntryInput;
};


export type MutationRevokeApiClientArgs = {
  input: RevokeApiClientInput;
};


export type MutationRotateApiClientTokenArgs = {
  input: RotateApiClientTokenInput;
};


export type MutationRotateWebhookSecretArgs = {
  input: WebhookSubscriptionRefInput;
};


export type MutationSettleLoyaltyAtExitArgs = {
  input: SettleLoyaltyAtExitInput;
};


export type MutationStartOffboardingArgs = {
  input: StartOffboardingInput;
};


export type MutationStartSettlementArgs = {
  input: CaseTransitionInput;
};


export type MutationStartWorkOnFeedbackArgs = {
  input: FeedbackStepInput;
};


export type MutationSubmitForApprovalArgs = {
  input: CaseTransitionInput;
};


export type MutationSuspendLoyaltyAccountArgs = {
  input: SuspendLoyaltyAccountInput;
};


export type MutationTrainRiskModelArgs = {
  input: TrainRiskModelInput;
};


export type MutationUpdateApiClientArgs = {
  input: UpdateApiClientInput;
};


export type MutationUpdateCustomerArgs = {
  input: UpdateCustomerInput;
};


export type MutationUpdateIncidentStatusArgs = {
  input: UpdateIncidentStatusInput;
};


export type MutationUpdateRetentionOfferArgs = {
  input: UpdateRetentionOfferInput;
};


export type MutationUpdateSegmentArgs = {
  input: UpdateSegmentInput;
};


export type MutationUpsertAccountsArgs = {
  input: UpsertAccountsInput;
};


export type MutationUpsertCustomersArgs = {
  input: UpsertCustomersInput;
};


export type MutationUpsertFxRatesArgs = {
  input: UpsertFxRatesInput;
};


export type MutationWithdrawOfferArgs = {
  input: WithdrawOfferInput;
};

/** An object with a global id. Any id can be fetched with `node(id:)`. */
export type Node = {
  /** Opaque global id. */
  id: Scalars['ID']['output'];
};

/** The exit of a customer, or of some of their accounts, as a workflow. */
export type OffboardingCase = Node & {
  __typename?: 'OffboardingCase';
  /** When the customer's personal data was anonymised after the retention date. */
  anonymisedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** When a bank exit was approved. */
  approvedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** The compliance officer who approved a bank exit. */
  approvedBy?: Maybe<Scalars['String']['output']>;
  /** Who works the case. */
  assignee?: Maybe<StaffMember>;
  /** Why the case was cancelled; null when withheld or erased. */
  cancelReason?: Maybe<Scalars['String']['output']>;
  /** The settlement checklist (empty until settlement starts). */
  checklist: Array<ChecklistItem>;
  /** When the case closed. */
  closedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** When the case was opened. */
  createdAt: Scalars['DateTimeISO']['output'];
  /** The customer who leaves. */
  customer?: Maybe<Customer>;
  /** When the current state should be left (configurable deadline per state); null once the case has ended. */
  dueAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** The customer's exit interview on this case (the latest, when several), if any. */
  exitInterview?: Maybe<Feedback>;
  /** Every step of the case, oldest first. */
  history: Array<CaseTransition>;
  /** Opaque global id. */
  id: Scalars['ID']['output'];
  /** CUSTOMER or BANK. */
  initiatedBy: OffboardingInitiator;
  /** Who opened the case (staff subject or partner id). */
  initiator: Scalars['String']['output'];
  /** Why the records are kept until retainUntil. */
  legalBasis?: Maybe<Scalars['String']['output']>;
  /** End of the notice period; a bank exit cannot close before it. */
  noticeEndsAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** When the customer was notified of a bank exit; the notice period starts here. */
  notifiedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** The case has stayed in its current state past its deadline. */
  overdue: Scalars['Boolean']['output'];
  /** Reason category; null when it is withheld from you (see reasonWithheld). */
  reason?: Maybe<OffboardingReason>;
  /** Free-text detail of the reason; null when withheld or erased. */
  reasonDetail?: Maybe<Scalars['String']['output']>;
  /** The reason and all free text of this case are withheld from you (anti-money-laundering confidentiality). */
  reasonWithheld: Scalars['Boolean']['output'];
  /** Records are kept until this time (closure + the retention period), then anonymised. */
  retainUntil?: Maybe<Scalars['DateTimeISO']['output']>;
  /** The customer's answer to the latest retention offer. */
  retentionAnswer?: Maybe<RetentionAnswer>;
  /** Retention offers made and the customer's answers, oldest first. */
  retentionAttempts: Array<RetentionAttempt>;
  /** FULL or PARTIAL (see scopeAccounts). */
  scope: OffboardingScope;
  /** For a PARTIAL exit, the accounts that close; empty for FULL (every account). */
  scopeAccounts: Array<Account>;
  /** When settlement started and the checklist was made. */
  settlementStartedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Current state. */
  state: OffboardingState;
  /** When the case entered its current state. */
  stateEnteredAt: Scalars['DateTimeISO']['output'];
  /** Who submitted a bank exit for approval. */
  submittedBy?: Maybe<Scalars['String']['output']>;
  /** When the case last changed. */
  updatedAt: Scalars['DateTimeISO']['output'];
  /** Optimistic-lock version; pass it back with each transition. */
  version: Scalars['Int']['output'];
};

/** A step of an offboarding case, as it happened. */
export type OffboardingCaseChange = {
  __typename?: 'OffboardingCaseChange';
  /** The domain event's id: the same on every delivery of this change (de-duplicate by it). */
  eventId: Scalars['String']['output'];
  /** The state before; null when the case started. */
  from?: Maybe<OffboardingState>;
  /** When the step happened. */
  occurredAt: Scalars['DateTimeISO']['output'];
  /** The case as it is now. */
  offboardingCase: OffboardingCase;
  /** The state the step moved the case to. */
  to: OffboardingState;
};

/** A page of OffboardingCase. */
export type OffboardingCaseConnection = {
  __typename?: 'OffboardingCaseConnection';
  /** The items on this page, each with its cursor. */
  edges: Array<OffboardingCaseEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** Number of items in the whole list; costs a count, ask only when needed. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a list of OffboardingCase. */
export type OffboardingCaseEdge = {
  __typename?: 'OffboardingCaseEdge';
  /** Opaque cursor for this position. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: OffboardingCase;
};

/** Narrows a list of offboarding cases; all given conditions must hold. */
export type OffboardingCaseFilter = {
  /** Only cases assigned to this StaffMember. */
  assigneeId?: InputMaybe<Scalars['ID']['input']>;
  /** Only this customer's cases. */
  customerId?: InputMaybe<Scalars['ID']['input']>;
  /** Only customer- or only bank-initiated exits. */
  initiatedBy?: InputMaybe<OffboardingInitiator>;
  /** true: only cases past their state's deadline; false: only those that are not. */
  overdue?: InputMaybe<Scalars['Boolean']['input']>;
  /** Any of these reasons (a reason withheld from you matches nothing). */
  reason_in?: InputMaybe<Array<OffboardingReason>>;
  /** Any of these states. */
  state_in?: InputMaybe<Array<OffboardingState>>;
};

/** Result of an offboarding operation. */
export type OffboardingCasePayload = {
  __typename?: 'OffboardingCasePayload';
  /** The case as saved; null when there are userErrors. */
  offboardingCase?: Maybe<OffboardingCase>;
  /** Why nothing changed; empty on success. */
  userErrors: Array<UserError>;
};

/** Who decided that the relationship should end. */
export type OffboardingInitiator =
  | 'BANK'
  | 'CUSTOMER';

/** Why the relationship ends. AML_CONCERN is visible only to ADMIN and COMPLIANCE_OFFICER. */
export type OffboardingReason =
  | 'AML_CONCERN'
  | 'COMPETITOR_OFFER'
  | 'DECEASED'
  | 'DIGITAL_EXPERIENCE'
  | 'DORMANCY'
  | 'FEES'
  | 'INTEREST_RATES'
  | 'OTHER'
  | 'RELOCATION'
  | 'RISK_APPETITE'
  | 'SERVICE_QUALITY';

/** FULL: the whole relationship ends. PARTIAL: only chosen accounts close. */
export type OffboardingScope =
  | 'FULL'
  | 'PARTIAL';

/** Where an offboarding case is in its workflow. */
export type OffboardingState =
  | 'CANCELLED'
  | 'CLOSED'
  | 'NOTICE'
  | 'PENDING_APPROVAL'
  | 'REQUESTED'
  | 'RETAINED'
  | 'RETENTION'
  | 'SETTLEMENT';

/** What the customer said to an offer: ACCEPT or DECLINE. */
export type OfferAnswer =
  | 'ACCEPT'
  | 'DECLINE';

/** A catalogue offer proposed to one customer, and their answer. */
export type OfferAssignment = Node & {
  __typename?: 'OfferAssignment';
  /** When it was answered, expired or withdrawn. */
  answeredAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Who recorded the answer (staff subject, partner id, or system for expiry). */
  answeredBy?: Maybe<Scalars['String']['output']>;
  /** Where it was proposed or answered (the latest given). */
  channel?: Maybe<Scalars['String']['output']>;
  /** The customer it was proposed to. */
  customer?: Maybe<Customer>;
  /** When it lapses unless answered. */
  expiresAt: Scalars['DateTimeISO']['output'];
  /** Opaque global id. */
  id: Scalars['ID']['output'];
  /** The OffboardingCase it was made within, to keep a customer who asked to leave. */
  offboardingCaseId?: Maybe<Scalars['ID']['output']>;
  /** The catalogue offer proposed. */
  offer?: Maybe<RetentionOffer>;
  /** When it was proposed. */
  proposedAt: Scalars['DateTimeISO']['output'];
  /** Who proposed it (staff subject or partner id). */
  proposedBy: Scalars['String']['output'];
  /** The answer was recorded as that case's retention attempt (always so once answered within a case). */
  retentionAttemptRecorded: Scalars['Boolean']['output'];
  /** PROPOSED, ACCEPTED, DECLINED, EXPIRED or WITHDRAWN. */
  status: OfferAssignmentStatus;
  /** The offer's value when it was proposed (what it reserved of the budget). */
  value: Scalars['Float']['output'];
};

/** A page of OfferAssignment. */
export type OfferAssignmentConnection = {
  __typename?: 'OfferAssignmentConnection';
  /** The items on this page, each with its cursor. */
  edges: Array<OfferAssignmentEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** Number of items in the whole list; costs a count, ask only when needed. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a list of OfferAssignment. */
export type OfferAssignmentEdge = {
  __typename?: 'OfferAssignmentEdge';
  /** Opaque cursor for this position. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: OfferAssignment;
};

/** The result of proposing, answering or withdrawing an offer. */
export type OfferAssignmentPayload = {
  __typename?: 'OfferAssignmentPayload';
  /** The proposal as saved; null when there are userErrors. */
  offerAssignment?: Maybe<OfferAssignment>;
  /** respondToOffer: true when the idempotency key had answered this offer before and nothing new happened. */
  replayed?: Maybe<Scalars['Boolean']['output']>;
  /** Why nothing changed; empty on success. */
  userErrors: Array<UserError>;
};

/** PROPOSED (waiting for the customer), ACCEPTED, DECLINED, EXPIRED (not answered in time) or WITHDRAWN (by the bank). */
export type OfferAssignmentStatus =
  | 'ACCEPTED'
  | 'DECLINED'
  | 'EXPIRED'
  | 'PROPOSED'
  | 'WITHDRAWN';

/** Whether an offer works: what became of its proposals, and how much of its budget they use. */
export type OfferConsumption = {
  __typename?: 'OfferConsumption';
  /** Accepted ÷ (accepted + declined + expired); null while none has an outcome. */
  acceptanceRate?: Maybe<Scalars['Float']['output']>;
  /** Accepted. */
  accepted: Scalars['Int']['output'];
  /** Proposals the count budget still allows; null: no limit. */
  budgetCountRemaining?: Maybe<Scalars['Int']['output']>;
  /** Proposals that hold the budget: open and accepted. */
  budgetCountUsed: Scalars['Int']['output'];
  /** Value the value budget still allows; null: no limit. */
  budgetValueRemaining?: Maybe<Scalars['Float']['output']>;
  /** Value that holds the budget: of open and accepted proposals. */
  budgetValueUsed: Scalars['Float']['output'];
  /** Declined. */
  declined: Scalars['Int']['output'];
  /** Expired without an answer. */
  expired: Scalars['Int']['output'];
  /** Proposals still waiting for an answer. */
  open: Scalars['Int']['output'];
  /** Proposals made, whatever became of them. */
  proposed: Scalars['Int']['output'];
  /** Withdrawn by the bank. */
  withdrawn: Scalars['Int']['output'];
};

/** Opens an incident. */
export type OpenIncidentInput = {
  /** What went wrong. */
  kind: IncidentKind;
  /** How serious it is. */
  severity: FeedbackSeverity;
  /** When it began (default: now); never in the future. */
  startedAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** What happened and what is being done, for staff (at most 5,000 characters). */
  summary?: InputMaybe<Scalars['String']['input']>;
  /** A short name, 1..200 characters. */
  title: Scalars['String']['input'];
};

/** Ascending or descending. */
export type OrderDirection =
  | 'ASC'
  | 'DESC';

/** Where a page sits in its list. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Cursor of the last item on the page. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** More items after this page. */
  hasNextPage: Scalars['Boolean']['output'];
  /** More items before this page. */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** Cursor of the first item on the page. */
  startCursor?: Maybe<Scalars['String']['output']>;
};

/** Which webhook subscription to pause, and why. */
export type PauseWebhookSubscriptionInput = {
  /** The WebhookSubscription. */
  id: Scalars['ID']['input'];
  /** Why (at most 200 characters); shown as its pause reason. */
  reason?: InputMaybe<Scalars['String']['input']>;
};

/** Result of pauseWebhookSubscription. */
export type PauseWebhookSubscriptionPayload = {
  __typename?: 'PauseWebhookSubscriptionPayload';
  /** What to fix in the input; empty on success. */
  userErrors: Array<UserError>;
  /** The subscription as saved; null when there are userErrors. */
  webhookSubscription?: Maybe<WebhookSubscription>;
};

/** Holds a customer's records against erasure and anonymisation. */
export type PlaceLegalHoldInput = {
  /** The Customer. */
  customerId: Scalars['ID']['input'];
  /** Why the records are held (litigation, investigation, regulator request). */
  reason: Scalars['String']['input'];
};

/** An adjustment above the approval threshold: it posts once a second admin approves it. */
export type PointsAdjustment = {
  __typename?: 'PointsAdjustment';
  /** When it was asked for. */
  createdAt: Scalars['DateTimeISO']['output'];
  /** The admin who approved it. */
  decidedBy?: Maybe<Scalars['String']['output']>;
  /** Effect on the balance once posted. */
  delta: Scalars['Float']['output'];
  /** Opaque global id (pass it to approvePointsAdjustment). */
  id: Scalars['ID']['output'];
  /** The admin who asked for it. */
  requestedBy: Scalars['String']['output'];
  /** PENDING, APPROVED or REJECTED. */
  status: PointsAdjustmentStatus;
};

/** PENDING (waits for a second admin), APPROVED (posted) or REJECTED. */
export type PointsAdjustmentStatus =
  | 'APPROVED'
  | 'PENDING'
  | 'REJECTED';

/** CREDIT gives the customer points; DEBIT takes them. */
export type PointsDirection =
  | 'CREDIT'
  | 'DEBIT';

/** One posting of the points ledger: append-only; corrections are reversing entries. */
export type PointsEntry = Node & {
  __typename?: 'PointsEntry';
  /** The account the entry is on. */
  account?: Maybe<LoyaltyAccount>;
  /** Who posted it (staff subject, partner id, or system). */
  actor: Scalars['String']['output'];
  /** Points moved, always positive. */
  amount: Scalars['Float']['output'];
  /** The second admin who approved it (large adjustments). */
  approvedBy?: Maybe<Scalars['String']['output']>;
  /** Effect on the balance: +amount or -amount. */
  delta: Scalars['Float']['output'];
  /** For points credited: when what remains of them expires. */
  expiresAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Opaque global id. */
  id: Scalars['ID']['output'];
  /** What the entry did. */
  kind: PointsEntryKind;
  /** When it was posted. */
  postedAt: Scalars['DateTimeISO']['output'];
  /** Why (free text); null when none was given or it was erased. */
  reason?: Maybe<Scalars['String']['output']>;
  /** A later entry reversed this one. */
  reversed: Scalars['Boolean']['output'];
};

/** A page of PointsEntry. */
export type PointsEntryConnection = {
  __typename?: 'PointsEntryConnection';
  /** The items on this page, each with its cursor. */
  edges: Array<PointsEntryEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** Number of items in the whole list; costs a count, ask only when needed. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a list of PointsEntry. */
export type PointsEntryEdge = {
  __typename?: 'PointsEntryEdge';
  /** Opaque cursor for this position. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: PointsEntry;
};

/** EARN, REDEEM, EXPIRE (oldest points first), ADJUST (by an admin), REVERSE (of an earlier entry), SETTLE (at the customer's exit). */
export type PointsEntryKind =
  | 'ADJUST'
  | 'EARN'
  | 'EXPIRE'
  | 'REDEEM'
  | 'REVERSE'
  | 'SETTLE';

/** The result of a write that posts points. */
export type PointsEntryPayload = {
  __typename?: 'PointsEntryPayload';
  /** The entry posted (on a replay, the one first posted); null when there are userErrors or it waits for approval. */
  entry?: Maybe<PointsEntry>;
  /** An adjustment that waits for a second admin's approval (adjustPoints above the threshold). */
  pendingAdjustment?: Maybe<PointsAdjustment>;
  /** true when the idempotency key had been used for this request before and nothing new was posted. */
  replayed?: Maybe<Scalars['Boolean']['output']>;
  /** Why nothing changed; empty on success. */
  userErrors: Array<UserError>;
};

/** Something the bank says about an incident. */
export type PostIncidentUpdateInput = {
  /** Where it is said. */
  channel: IncidentChannel;
  /** Whether customers see it (false: an internal note). */
  customerVisible: Scalars['Boolean']['input'];
  /** The Incident. */
  incidentId: Scalars['ID']['input'];
  /** What is said, 1..5,000 characters. */
  message: Scalars['String']['input'];
};

/** The update posted about an incident, or why nothing was posted. */
export type PostIncidentUpdatePayload = {
  __typename?: 'PostIncidentUpdatePayload';
  /** The incident it is about. */
  incident?: Maybe<Incident>;
  /** The update as recorded. */
  update?: Maybe<IncidentUpdate>;
  /** What to fix; when any, nothing was written. */
  userErrors: Array<UserError>;
};

/** Proposes a catalogue offer to a customer; it reserves its share of the offer's budget until answered or expired. */
export type ProposeOfferInput = {
  /** Where it was proposed (e.g. BRANCH, PHONE, APP): a letter, then up to 39 letters, digits, spaces, _ or -. */
  channel?: InputMaybe<Scalars['String']['input']>;
  /** The Customer id. */
  customerId: Scalars['ID']['input'];
  /** When the proposal lapses; default 30 days from now, never after the offer's validity. */
  expiresAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** The OffboardingCase id when the offer is made to keep a customer who asked to leave: their answer is recorded as the case's retention attempt. */
  offboardingCaseId?: InputMaybe<Scalars['ID']['input']>;
  /** The RetentionOffer id. */
  offerId: Scalars['ID']['input'];
};

export type Query = {
  __typename?: 'Query';
  /** The model that scores customers now. */
  activeRiskModel?: Maybe<RiskModel>;
  /** Partner API clients, newest first (ADMIN only). Never shows a token. */
  apiClients: ApiClientConnection;
  /** The audit trail, newest first (ADMIN and COMPLIANCE_OFFICER). */
  auditEvents: AuditEventConnection;
  /** One campaign by id. Unknown: NOT_FOUND. */
  campaign: Campaign;
  /** Campaigns, oldest first. */
  campaigns: CampaignConnection;
  /** Exits, churn rate, retention and win-backs per period among the customers within your reach (optionally a segment's members). */
  churnAnalytics: ChurnAnalytics;
  /** Customers within your reach by the quarter they joined, and how many are still customers. */
  cohortRetention: Array<CohortRetention>;
  /** Topics whose complaints in the last window run well above their baseline rate. A relationship manager's cover their book only. */
  complaintSurges: ComplaintSurges;
  /** One customer by id. Unknown, or outside your book: NOT_FOUND. */
  customer: Customer;
  /** Customers the viewer may see, a page at a time. */
  customers: CustomerConnection;
  /** Feedback you may see (a relationship manager: their book's), newest first unless ordered otherwise, a page at a time. */
  feedback: FeedbackConnection;
  /** Feedback statistics by group (at most 3 distinct keys): NPS, CSAT, complaints, times to acknowledge and resolve, overdue and within-deadline counts. A relationship manager's numbers cover their book only. Never includes the customers' words. */
  feedbackStats: FeedbackStats;
  /** What a closed exit closed, what moved where and when: for the letter to the customer. */
  finalStatement: FinalStatement;
  /** The latest rate of each currency to the reporting currency, by currency. */
  fxRates: Array<FxRate>;
  /** One incident (null when unknown or outside your reach: a relationship manager sees those that touch their book or that they opened). */
  incident?: Maybe<Incident>;
  /** Incidents you may see, newest first, a page at a time. */
  incidents: IncidentConnection;
  /** Runs of the background jobs, newest first (ADMIN): state, attempts, last error, timings. */
  jobRuns: JobRunConnection;
  /** One loyalty account by id. Unknown, or outside your book: NOT_FOUND. */
  loyaltyAccount: LoyaltyAccount;
  /** Points outstanding by tier and their value at the configured rate (finance). */
  loyaltyLiability: LoyaltyLiability;
  /** The programme's rules (tiers, expiry, limits, exit policy, point value), for those who design offers and campaigns. */
  loyaltyProgramme: LoyaltyProgramme;
  /** An account's statement over a period: opening balance, the entries, closing balance (they reconcile). */
  loyaltyStatement: LoyaltyStatement;
  /** Any object by its global id. Unknown or not visible to you: NOT_FOUND. */
  node?: Maybe<Node>;
  /** Objects by global id, in order; null where unknown or not visible (at most 100). */
  nodes: Array<Maybe<Node>>;
  /** One case by id. Unknown, or outside your book: NOT_FOUND. */
  offboardingCase: OffboardingCase;
  /** Offboarding cases you may see, oldest first, a page at a time. */
  offboardingCases: OffboardingCaseConnection;
  /** The retention catalogue, oldest first, optionally narrowed by status and kind. */
  retentionOffers: RetentionOfferConnection;
  /** Retention performance per relationship manager over [from, to), by manager name: admins and analysts see every manager with a book, a manager their own row. */
  retentionPerformance: Array<RetentionPerformance>;
  /** Alerts of customers whose band rose to HIGH or CRITICAL, within your reach, newest first. */
  riskAlerts: RiskAlertConnection;
  /** A model by id, whatever its status; null when unknown. */
  riskModel?: Maybe<RiskModel>;
  /** One segment by id. Unknown: NOT_FOUND. */
  segment: Segment;
  /** The fields your rules may use: those of the modules whose data you may read. */
  segmentFields: Array<SegmentFieldView>;
  /** What a rule selects now among the customers within your reach: the count and the first customers by name. Nothing is saved. */
  segmentPreview: SegmentPreview;
  /** Segments, oldest first. */
  segments: SegmentConnection;
  /** The caller, or null without credentials. */
  viewer?: Maybe<Viewer>;
  /** Delivery attempts of one subscription, newest first: status, response code, duration, error, attempt number, event id. */
  webhookDeliveries: WebhookDeliveryConnection;
  /** Webhook subscriptions, newest first: all for ADMIN, a partner's own client's only. Status and pause reason; never a secret. */
  webhookSubscriptions: WebhookSubscriptionConnection;
};


export type QueryApiClientsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ApiClientFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryAuditEventsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AuditEventFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryCampaignArgs = {
  id: Scalars['ID']['input'];
};


export type QueryCampaignsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryChurnAnalyticsArgs = {
  from: Scalars['DateTimeISO']['input'];
  granularity: ChurnGranularity;
  segmentId?: InputMaybe<Scalars['ID']['input']>;
  to: Scalars['DateTimeISO']['input'];
};


export type QueryCohortRetentionArgs = {
  asOf?: InputMaybe<Scalars['DateTimeISO']['input']>;
  joinedFrom: Scalars['DateTimeISO']['input'];
  joinedTo: Scalars['DateTimeISO']['input'];
  segmentId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryComplaintSurgesArgs = {
  window?: InputMaybe<ComplaintSurgeInput>;
};


export type QueryCustomerArgs = {
  id: Scalars['ID']['input'];
};


export type QueryCustomersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<CustomerFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<CustomerOrder>;
};


export type QueryFeedbackArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<FeedbackFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<FeedbackOrder>;
};


export type QueryFeedbackStatsArgs = {
  filter?: InputMaybe<FeedbackStatsFilter>;
  groupBy?: Array<FeedbackStatsGroup>;
};


export type QueryFinalStatementArgs = {
  input: FinalStatementInput;
};


export type QueryIncidentArgs = {
  id: Scalars['ID']['input'];
};


export type QueryIncidentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<IncidentFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryJobRunsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<JobRunFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryLoyaltyAccountArgs = {
  id: Scalars['ID']['input'];
};


export type QueryLoyaltyStatementArgs = {
  input: LoyaltyStatementInput;
};


export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};


export type QueryNodesArgs = {
  ids: Array<Scalars['ID']['input']>;
};


export type QueryOffboardingCaseArgs = {
  id: Scalars['ID']['input'];
};


export type QueryOffboardingCasesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<OffboardingCaseFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryRetentionOffersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<RetentionOfferFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryRetentionPerformanceArgs = {
  from: Scalars['DateTimeISO']['input'];
  to: Scalars['DateTimeISO']['input'];
};


export type QueryRiskAlertsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<RiskAlertFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryRiskModelArgs = {
  id: Scalars['ID']['input'];
};


export type QuerySegmentArgs = {
  id: Scalars['ID']['input'];
};


export type QuerySegmentPreviewArgs = {
  rule: SegmentRuleInput;
};


export type QuerySegmentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryWebhookDeliveriesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<WebhookDeliveryFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  subscriptionId: Scalars['ID']['input'];
};


export type QueryWebhookSubscriptionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<WebhookSubscriptionFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

/** Reactivates a suspended loyalty account. */
export type ReactivateLoyaltyAccountInput = {
  /** The LoyaltyAccount id. */
  accountId: Scalars['ID']['input'];
};

/** An action against a customer's churn risk, with the factors behind it. */
export type RecommendedAction = {
  __typename?: 'RecommendedAction';
  /** What to do. */
  action: RetentionAction;
  /** Why, in English: the factors behind it. */
  reason: Scalars['String']['output'];
  /** Why, in Chinese. */
  reasonZh: Scalars['String']['output'];
  /** The summed contribution to the logit of the factors that call for it: the larger, the more it matters. */
  weight: Scalars['Float']['output'];
};

/** Monthly activity snapshots to record, at most 1000. */
export type RecordActivitySnapshotsInput = {
  /** The items; all are applied or none. */
  items: Array<ActivitySnapshotItemInput>;
};

/** Result of recordActivitySnapshots: all items applied, or none (then userErrors say why). */
export type RecordActivitySnapshotsPayload = {
  __typename?: 'RecordActivitySnapshotsPayload';
  /** Items that created or changed something. */
  applied: Scalars['Int']['output'];
  /** Items older than what Keel holds: reported, not applied. */
  stale: Array<StaleItem>;
  /** Items identical to what Keel holds (a re-sent batch is all unchanged). */
  unchanged: Scalars['Int']['output'];
  /** What to fix, each with the item's path (["input", "items", "3", "email"]); when any, nothing was written. */
  userErrors: Array<UserError>;
};

/** Up to 1,000 scores from one external platform; all or nothing. They join the history, never replace the current score. */
export type RecordExternalRiskScoresInput = {
  /** The scores. */
  items: Array<ExternalRiskScoreItemInput>;
  /** The platform's name, shown as the scores' source (not MODEL). */
  source: Scalars['String']['input'];
};

/** How many scores were recorded, or why none were. */
export type RecordExternalRiskScoresPayload = {
  __typename?: 'RecordExternalRiskScoresPayload';
  /** Scores recorded. */
  recorded?: Maybe<Scalars['Int']['output']>;
  /** What to fix, with the item's path; when any, nothing was written. */
  userErrors: Array<UserError>;
};

/** Records one piece of feedback from a customer. */
export type RecordFeedbackInput = {
  /** Where it was given. */
  channel: FeedbackChannel;
  /** Customer satisfaction answer, 1..5. */
  csat?: InputMaybe<Scalars['Int']['input']>;
  /** The Customer who gave it. */
  customerId: Scalars['ID']['input'];
  /** The sender's own id, unique per channel: recording it again is refused. */
  externalId?: InputMaybe<Scalars['String']['input']>;
  /** What it is. A COMPLAINT gets deadlines; an EXIT_INTERVIEW attaches to the customer's open offboarding case. */
  kind: FeedbackKind;
  /** Language of the text, "en" or "zh"; detected when left out. */
  language?: InputMaybe<Scalars['String']['input']>;
  /** Net Promoter Score answer, 0..10. */
  nps?: InputMaybe<Scalars['Int']['input']>;
  /** When the customer gave it (default: now); never in the future. */
  receivedAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** How serious it is (default MEDIUM); sets a complaint's deadlines. */
  severity?: FeedbackSeverity;
  /** The customer's words (at most the configured length, FEEDBACK_TEXT_MAX_LENGTH). */
  text?: InputMaybe<Scalars['String']['input']>;
};

/** A retention offer made to a customer who asked to leave, and their answer. */
export type RecordRetentionAttemptInput = {
  /** What the customer said. */
  answer: RetentionAnswer;
  /** The OffboardingCase. */
  caseId: Scalars['ID']['input'];
  /** A note for the history. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** What was offered. */
  offer: Scalars['String']['input'];
  /** The version you read; a stale version is a CONFLICT. */
  version: Scalars['Int']['input'];
};

/** An approach to a customer who left. */
export type RecordWinBackAttemptInput = {
  /** The Customer (EXITED). */
  customerId: Scalars['ID']['input'];
  /** A note. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** What was offered. */
  offer: Scalars['String']['input'];
  /** How it went (a customer who comes back is recorded with recordWinBack). */
  outcome: WinBackOutcome;
};

/** A customer who left comes back. */
export type RecordWinBackInput = {
  /** The Customer (EXITED, not exited by the bank). */
  customerId: Scalars['ID']['input'];
  /** A note. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** What brought them back. */
  offer: Scalars['String']['input'];
};

/** Spends points the customer holds (their oldest points first). */
export type RedeemPointsInput = {
  /** The LoyaltyAccount id. */
  accountId: Scalars['ID']['input'];
  /** Points: a whole number from 1 to the configured maximum per posting. */
  amount: Scalars['Float']['input'];
  /** Your idempotency key (1 to 200 characters), scoped to you: a replay returns the first result; the same key with a different input is a CONFLICT. */
  idempotencyKey: Scalars['String']['input'];
  /** What they were earned for. */
  reason?: InputMaybe<Scalars['String']['input']>;
};

/** An event to deliver again to a subscription. */
export type RedeliverWebhookEventInput = {
  /** The event's id, as in a delivery's body `id` or WebhookDelivery.eventId. */
  eventId: Scalars['String']['input'];
  /** The WebhookSubscription. */
  subscriptionId: Scalars['ID']['input'];
};

/** Result of redeliverWebhookEvent. */
export type RedeliverWebhookEventPayload = {
  __typename?: 'RedeliverWebhookEventPayload';
  /** What to fix in the input; empty on success. */
  userErrors: Array<UserError>;
  /** The subscription as saved; null when there are userErrors. */
  webhookSubscription?: Maybe<WebhookSubscription>;
};

/** Which segment to recompute from its rule. */
export type RefreshSegmentInput = {
  /** The Segment (DYNAMIC). */
  id: Scalars['ID']['input'];
};

/** Ends a legal hold. */
export type ReleaseLegalHoldInput = {
  /** The Customer. */
  customerId: Scalars['ID']['input'];
  /** Why the hold ends. */
  note: Scalars['String']['input'];
};

/** A customer's request to erase their data. */
export type RequestErasureInput = {
  /** The Customer. */
  customerId: Scalars['ID']['input'];
};

/** Result of requestErasure. */
export type RequestErasurePayload = {
  __typename?: 'RequestErasurePayload';
  /** What was done; null when there are userErrors. */
  erasure?: Maybe<ErasureResult>;
  /** Why nothing was erased; empty on success. */
  userErrors: Array<UserError>;
};

/** How a complaint was decided. */
export type ResolutionOutcome =
  | 'NOT_UPHELD'
  | 'PARTIALLY_UPHELD'
  | 'UPHELD'
  | 'WITHDRAWN';

/** Resolves feedback: what was done and how it was decided. */
export type ResolveFeedbackInput = {
  /** The version you read; a stale version is a CONFLICT. */
  expectedVersion: Scalars['Int']['input'];
  /** The Feedback. */
  feedbackId: Scalars['ID']['input'];
  /** A note for the history. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** How the complaint was decided. */
  outcome: ResolutionOutcome;
  /** What was done about it, in words the customer was told. */
  resolution: Scalars['String']['input'];
};

/** The customer's answer to an offer proposed to them: once only. */
export type RespondToOfferInput = {
  /** ACCEPT or DECLINE. */
  answer: OfferAnswer;
  /** The OfferAssignment id. */
  assignmentId: Scalars['ID']['input'];
  /** Where the customer answered (same form as ProposeOfferInput.channel). */
  channel?: InputMaybe<Scalars['String']['input']>;
  /** Your idempotency key (1 to 200 characters), scoped to you: a replay returns the first result; the same key with a different input is a CONFLICT. */
  idempotencyKey: Scalars['String']['input'];
};

/** Result of resumeWebhookSubscription. */
export type ResumeWebhookSubscriptionPayload = {
  __typename?: 'ResumeWebhookSubscriptionPayload';
  /** What to fix in the input; empty on success. */
  userErrors: Array<UserError>;
  /** The subscription as saved; null when there are userErrors. */
  webhookSubscription?: Maybe<WebhookSubscription>;
};

/** RM_CALL_BACK: the relationship manager calls (inactivity, complaints); RATE_REVIEW: review rates (money moving out); FEE_WAIVER: waive fees (fee or loyalty driven); APP_ASSISTANCE: help with the app (digital drop-off); SALARY_SWITCH_OFFER: win the salary back; PRODUCT_REVIEW: review the products held (products closing). */
export type RetentionAction =
  | 'APP_ASSISTANCE'
  | 'FEE_WAIVER'
  | 'PRODUCT_REVIEW'
  | 'RATE_REVIEW'
  | 'RM_CALL_BACK'
  | 'SALARY_SWITCH_OFFER';

/** What the customer said to a retention offer. */
export type RetentionAnswer =
  | 'ACCEPTED'
  | 'DECLINED';

/** An offer made to keep a leaving customer, and their answer. */
export type RetentionAttempt = {
  __typename?: 'RetentionAttempt';
  /** What the customer said. */
  answer: RetentionAnswer;
  /** What was offered. */
  offer: Scalars['String']['output'];
  /** When it was recorded. */
  recordedAt: Scalars['DateTimeISO']['output'];
  /** Who recorded it. */
  recordedBy: Scalars['String']['output'];
};

/** An offer of the retention catalogue: what it gives, to whom, until when, and its budget. */
export type RetentionOffer = Node & {
  __typename?: 'RetentionOffer';
  /** At most this many proposals open or accepted; null: no limit. */
  budgetCount?: Maybe<Scalars['Int']['output']>;
  /** At most this much value open or accepted; null: no limit. */
  budgetValue?: Maybe<Scalars['Float']['output']>;
  /** Whether the offer works: what became of its proposals and how much of its budget they use (computed in SQL). */
  consumption: OfferConsumption;
  /** When it was created. */
  createdAt: Scalars['DateTimeISO']['output'];
  /** Opaque global id. */
  id: Scalars['ID']['output'];
  /** What kind of offer it is. */
  kind: RetentionOfferKind;
  /** The lowest loyalty tier a customer must hold. */
  minTier?: Maybe<LoyaltyTier>;
  /** Its name. */
  name: Scalars['String']['output'];
  /** The customer must hold an open account of one of these types (empty: none needed). */
  productTypes: Array<AccountType>;
  /** When it was retired. */
  retiredAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** ACTIVE or RETIRED. */
  status: RetentionOfferStatus;
  /** Its terms and conditions. */
  terms: Scalars['String']['output'];
  /** From when it may be proposed (inclusive). */
  validFrom: Scalars['DateTimeISO']['output'];
  /** Until when it may be proposed and answered (exclusive). */
  validUntil: Scalars['DateTimeISO']['output'];
  /** What it is worth, in the unit of its kind (points, minor units, basis points, months; 0 for an exclusive product). */
  value: Scalars['Float']['output'];
  /** Optimistic-lock version: send it back to change or retire the offer. */
  version: Scalars['Int']['output'];
};

/** A page of RetentionOffer. */
export type RetentionOfferConnection = {
  __typename?: 'RetentionOfferConnection';
  /** The items on this page, each with its cursor. */
  edges: Array<RetentionOfferEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** Number of items in the whole list; costs a count, ask only when needed. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a list of RetentionOffer. */
export type RetentionOfferEdge = {
  __typename?: 'RetentionOfferEdge';
  /** Opaque cursor for this position. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: RetentionOffer;
};

/** Narrows the catalogue. */
export type RetentionOfferFilter = {
  /** Only offers of this kind. */
  kind?: InputMaybe<RetentionOfferKind>;
  /** Only offers with this status. */
  status?: InputMaybe<RetentionOfferStatus>;
};

/** RATE_DISCOUNT (basis points), FEE_WAIVER (months), BONUS_POINTS (points), CASHBACK (minor units, credited as points at the configured point value), EXCLUSIVE_PRODUCT. */
export type RetentionOfferKind =
  | 'BONUS_POINTS'
  | 'CASHBACK'
  | 'EXCLUSIVE_PRODUCT'
  | 'FEE_WAIVER'
  | 'RATE_DISCOUNT';

/** The result of a change to the retention catalogue. */
export type RetentionOfferPayload = {
  __typename?: 'RetentionOfferPayload';
  /** The offer as saved; null when there are userErrors. */
  retentionOffer?: Maybe<RetentionOffer>;
  /** Why nothing changed; empty on success. */
  userErrors: Array<UserError>;
};

/** ACTIVE (may be proposed) or RETIRED. */
export type RetentionOfferStatus =
  | 'ACTIVE'
  | 'RETIRED';

/** How one relationship manager's book did over a period: the figures a staff incentive scheme is built on. Each figure comes from the module that owns its data and is null when that module is not part of this deployment. */
export type RetentionPerformance = {
  __typename?: 'RetentionPerformance';
  /** Customer-initiated exit cases of the book that ended in the period (retained or closed). */
  casesHandled?: Maybe<Scalars['Int']['output']>;
  /** Complaints of the book resolved in the period. */
  complaintsResolved?: Maybe<Scalars['Int']['output']>;
  /** Of them, resolved by their deadline. */
  complaintsResolvedInTime?: Maybe<Scalars['Int']['output']>;
  /** Current total deposits of the customers whose exit ended retained in the period, in the reporting currency. */
  depositsKept?: Maybe<Money>;
  /** Active customers of the book at HIGH or CRITICAL risk now with no recorded contact (retention or win-back attempt, feedback, offer) in the last 30 days. */
  highRiskWithoutContact?: Maybe<Scalars['Int']['output']>;
  /** Median hours from receipt to resolution of those complaints; null without any. */
  medianResolutionHours?: Maybe<Scalars['Float']['output']>;
  /** The relationship manager; the figures are over the customers of their book. */
  relationshipManager: StaffMember;
  /** Of them, cases that ended with the customer retained. */
  retained?: Maybe<Scalars['Int']['output']>;
  /** retained / casesHandled; null without cases. */
  retentionRate?: Maybe<Scalars['Float']['output']>;
  /** Customers of the book won back in the period. */
  winBacks?: Maybe<Scalars['Int']['output']>;
};

/** Retires an offer: it can no longer be proposed (open proposals stand until answered or expired). */
export type RetireRetentionOfferInput = {
  /** The RetentionOffer id. */
  offerId: Scalars['ID']['input'];
  /** The version you read: a stale one is a CONFLICT. */
  version: Scalars['Int']['input'];
};

/** Reverses an entry with a new, opposite entry (the original stays as it was). */
export type ReversePointsEntryInput = {
  /** The PointsEntry id to reverse. */
  entryId: Scalars['ID']['input'];
  /** Your idempotency key (1 to 200 characters), scoped to you: a replay returns the first result; the same key with a different input is a CONFLICT. */
  idempotencyKey: Scalars['String']['input'];
  /** Why: required. */
  reason: Scalars['String']['input'];
};

/** Which client to revoke. */
export type RevokeApiClientInput = {
  /** The ApiClient to revoke; its token is refused from the next request on. */
  id: Scalars['ID']['input'];
};

/** Result of revokeApiClient. */
export type RevokeApiClientPayload = {
  __typename?: 'RevokeApiClientPayload';
  /** The client as saved; null when there are userErrors. */
  apiClient?: Maybe<ApiClient>;
  /** What to fix in the input; empty on success. */
  userErrors: Array<UserError>;
};

/** A customer's churn-risk band rose to HIGH or CRITICAL. */
export type RiskAlert = {
  __typename?: 'RiskAlert';
  /** When it was acknowledged; null while open. */
  acknowledgedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Who acknowledged it. */
  acknowledgedBy?: Maybe<Scalars['String']['output']>;
  /** The customer's id. */
  customerId: Scalars['ID']['output'];
  /** The band before. */
  fromBand: RiskBand;
  /** Opaque id of the alert. */
  id: Scalars['ID']['output'];
  /** When it was raised. */
  raisedAt: Scalars['DateTimeISO']['output'];
  /** The score that raised it. */
  score: Scalars['Float']['output'];
  /** The band now. */
  toBand: RiskBand;
};

/** A page of RiskAlert. */
export type RiskAlertConnection = {
  __typename?: 'RiskAlertConnection';
  /** The items on this page, each with its cursor. */
  edges: Array<RiskAlertEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** Number of items in the whole list; costs a count, ask only when needed. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a list of RiskAlert. */
export type RiskAlertEdge = {
  __typename?: 'RiskAlertEdge';
  /** Opaque cursor for this position. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: RiskAlert;
};

/** Narrows the list of risk alerts; all given conditions must hold. */
export type RiskAlertFilter = {
  /** true: acknowledged only; false: open only. */
  acknowledged?: InputMaybe<Scalars['Boolean']['input']>;
  /** Only alerts that rose to one of these bands. */
  toBand_in?: InputMaybe<Array<RiskBand>>;
};

/** The alert acknowledged, or why not. */
export type RiskAlertPayload = {
  __typename?: 'RiskAlertPayload';
  /** The alert. */
  riskAlert?: Maybe<RiskAlert>;
  /** What to fix; when any, nothing changed. */
  userErrors: Array<UserError>;
};

/** How likely the customer is to leave, by the model's band thresholds. */
export type RiskBand =
  | 'CRITICAL'
  | 'HIGH'
  | 'LOW'
  | 'MEDIUM';

/** One feature's part in a score: its value and its signed contribution to the logit. */
export type RiskFactor = {
  __typename?: 'RiskFactor';
  /** Signed contribution to the logit: positive raises the risk. */
  contribution: Scalars['Float']['output'];
  /** The feature (a customer attribute's name, e.g. customers.transactionsVsBaseline). */
  feature: Scalars['String']['output'];
  /** The reason in plain English, e.g. "transactions against own 6-month baseline -62%: +0.31". */
  reason: Scalars['String']['output'];
  /** The reason in Chinese. */
  reasonZh: Scalars['String']['output'];
  /** The feature's value at scoring; null when unknown (then it contributes nothing). */
  value?: Maybe<Scalars['Float']['output']>;
};

/** A versioned churn model: its numbers, what it was trained on, and how well it did. */
export type RiskModel = {
  __typename?: 'RiskModel';
  /** Who activated it. */
  activatedBy?: Maybe<Scalars['String']['output']>;
  /** Brier score on the holdout. */
  brier?: Maybe<Scalars['Float']['output']>;
  /** Scores at or above this are CRITICAL. */
  criticalFrom: Scalars['Float']['output'];
  /** What the model is, in words (names age as a band where used). */
  description: Scalars['String']['output'];
  /** Why training failed. */
  failureReason?: Maybe<Scalars['String']['output']>;
  /** The features, with transformations and coefficients. */
  features: Array<RiskModelFeature>;
  /** Scores at or above this are HIGH. */
  highFrom: Scalars['Float']['output'];
  /** Area under the ROC curve on the holdout. */
  holdoutAuc?: Maybe<Scalars['Float']['output']>;
  /** Customer snapshots held out (later in time) to measure it. */
  holdoutSize: Scalars['Int']['output'];
  /** The label: a customer-initiated exit within this many months of the snapshot. */
  horizonMonths: Scalars['Int']['output'];
  /** Opaque id of the model. */
  id: Scalars['ID']['output'];
  /** The logit's intercept. */
  intercept: Scalars['Float']['output'];
  /** The kind of model. */
  kind: RiskModelKind;
  /** Scores at or above this are MEDIUM. */
  mediumFrom: Scalars['Float']['output'];
  /** Where the model is in its life. */
  status: RiskModelStatus;
  /** Who trained it. */
  trainedBy: Scalars['String']['output'];
  /** Customer snapshots the model was fitted on. */
  trainingSize: Scalars['Int']['output'];
  /** The model's version, increasing. */
  version: Scalars['Int']['output'];
};

/** A feature of a model, its standardisation and its coefficient. */
export type RiskModelFeature = {
  __typename?: 'RiskModelFeature';
  /** Coefficient on the standardised value in the logit. */
  coefficient: Scalars['Float']['output'];
  /** Mean for standardisation; a missing value counts as the mean. */
  mean: Scalars['Float']['output'];
  /** The customer attribute's name. */
  name: Scalars['String']['output'];
  /** Standard deviation for standardisation. */
  sd: Scalars['Float']['output'];
  /** How the value becomes an input: STANDARDISE, z = (value - mean) / sd. */
  transform: Scalars['String']['output'];
};

/** LOGISTIC: logistic regression on standardised features. */
export type RiskModelKind =
  | 'LOGISTIC';

/** The model the mutation changed, or why nothing changed. */
export type RiskModelPayload = {
  __typename?: 'RiskModelPayload';
  /** The model. */
  riskModel?: Maybe<RiskModel>;
  /** What to fix; when any, nothing changed. */
  userErrors: Array<UserError>;
};

/** DRAFT: trained, waiting for activation; TRAINING: being fitted; ACTIVE: scores customers; RETIRED: replaced; FAILED: training failed. */
export type RiskModelStatus =
  | 'ACTIVE'
  | 'DRAFT'
  | 'FAILED'
  | 'RETIRED'
  | 'TRAINING';

/** A churn-risk score of a customer, with the factors that explain it. */
export type RiskScore = {
  __typename?: 'RiskScore';
  /** The band of the score. */
  band: RiskBand;
  /** When it was computed. A later rescore that gives the same model the same feature values keeps this score (and this time) rather than write it again. */
  computedAt: Scalars['DateTimeISO']['output'];
  /** The factors, largest contribution (by size) first. */
  factors: Array<RiskFactor>;
  /** Opaque id of this score. */
  id: Scalars['ID']['output'];
  /** The log-odds: the model's intercept plus the factors' contributions. Null for an external score. */
  logit?: Maybe<Scalars['Float']['output']>;
  /** The version of the Keel model that computed it; null for an external score. */
  modelVersion?: Maybe<Scalars['Int']['output']>;
  /** Probability of a customer-initiated exit within the model's horizon, 0..1. */
  score: Scalars['Float']['output'];
  /** MODEL for Keel's own models, otherwise the name of the bank's platform that sent it. */
  source: Scalars['String']['output'];
  /** What caused the scoring: BATCH, MODEL_ACTIVATED, SEED, EXTERNAL, or EVENT:<type> when an event (a complaint, a detractor's answer) rescored the customer in the request that recorded it. */
  triggeredBy: Scalars['String']['output'];
};

/** A page of RiskScore. */
export type RiskScoreConnection = {
  __typename?: 'RiskScoreConnection';
  /** The items on this page, each with its cursor. */
  edges: Array<RiskScoreEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** Number of items in the whole list; costs a count, ask only when needed. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a list of RiskScore. */
export type RiskScoreEdge = {
  __typename?: 'RiskScoreEdge';
  /** Opaque cursor for this position. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: RiskScore;
};

/** Which client gets a new token. */
export type RotateApiClientTokenInput = {
  /** The ApiClient to rotate. */
  id: Scalars['ID']['input'];
};

/** Result of rotateApiClientToken. */
export type RotateApiClientTokenPayload = {
  __typename?: 'RotateApiClientTokenPayload';
  /** The client as saved; `previousTokenExpiresAt` says until when the old token works. Null when there are userErrors. */
  apiClient?: Maybe<ApiClient>;
  /** The token, `keel_<publicId>_<secret>`: shown this once and never again (Keel keeps only a hash). Null when there are userErrors. */
  token?: Maybe<Scalars['String']['output']>;
  /** What to fix in the input; empty on success. */
  userErrors: Array<UserError>;
};

/** Result of rotateWebhookSecret. */
export type RotateWebhookSecretPayload = {
  __typename?: 'RotateWebhookSecretPayload';
  /** The signing secret: shown this once and never again (Keel keeps it encrypted and never returns it). Null when there are userErrors. */
  secret?: Maybe<Scalars['String']['output']>;
  /** What to fix in the input; empty on success. */
  userErrors: Array<UserError>;
  /** The subscription as saved; null when there are userErrors. */
  webhookSubscription?: Maybe<WebhookSubscription>;
};

/** A target group of customers: a rule evaluated in SQL, or a hand-picked list. */
export type Segment = Node & {
  __typename?: 'Segment';
  /** When it was created. */
  createdAt: Scalars['DateTimeISO']['output'];
  /** What the segment is for. */
  description?: Maybe<Scalars['String']['output']>;
  /** Opaque global id. */
  id: Scalars['ID']['output'];
  /** DYNAMIC or STATIC. */
  kind: SegmentKind;
  /** Members at the last refresh or change, over all customers (a definition figure, not bounded to a book). */
  memberCount: Scalars['Int']['output'];
  /** Current members within your reach (a relationship manager: own book), a page at a time. */
  members: SegmentMemberConnection;
  /** Unique name (case-insensitive). */
  name: Scalars['String']['output'];
  /** Who created it (staff subject or partner id). */
  owner: Scalars['String']['output'];
  /** When the membership was last computed from the rule; null for STATIC segments never refreshed. */
  refreshedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** The rule of a DYNAMIC segment as JSON (all / any / not / field, op, value); null for STATIC. */
  rule?: Maybe<Scalars['String']['output']>;
  /** The segment's size at the start of each period, from its membership history. */
  sizeHistory: Array<SegmentSizePoint>;
  /** Figures about the members within your reach; churn over the period among the members at its start. */
  stats: SegmentStats;
  /** Optimistic-lock version: pass it back to updateSegment. */
  version: Scalars['Int']['output'];
};


/** A target group of customers: a rule evaluated in SQL, or a hand-picked list. */
export type SegmentMembersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** A target group of customers: a rule evaluated in SQL, or a hand-picked list. */
export type SegmentSizeHistoryArgs = {
  from?: InputMaybe<Scalars['DateTimeISO']['input']>;
  granularity?: InputMaybe<ChurnGranularity>;
  to?: InputMaybe<Scalars['DateTimeISO']['input']>;
};


/** A target group of customers: a rule evaluated in SQL, or a hand-picked list. */
export type SegmentStatsArgs = {
  from?: InputMaybe<Scalars['DateTimeISO']['input']>;
  to?: InputMaybe<Scalars['DateTimeISO']['input']>;
};

/** One comparison of a rule field with a value. */
export type SegmentConditionInput = {
  /** A rule field (see segmentFields), e.g. "customers.tenureMonths". */
  field: Scalars['String']['input'];
  /** How to compare; it must fit the field's type. */
  operator: SegmentOperator;
  /** The value to compare with. */
  value?: InputMaybe<SegmentValueInput>;
};

/** A page of Segment. */
export type SegmentConnection = {
  __typename?: 'SegmentConnection';
  /** The items on this page, each with its cursor. */
  edges: Array<SegmentEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** Number of items in the whole list; costs a count, ask only when needed. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a list of Segment. */
export type SegmentEdge = {
  __typename?: 'SegmentEdge';
  /** Opaque cursor for this position. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Segment;
};

/** A field that segment rules may use, contributed by the module that owns its data. */
export type SegmentFieldView = {
  __typename?: 'SegmentFieldView';
  /** What it means. */
  description: Scalars['String']['output'];
  /** Stable name, "<module>.<what>". */
  name: Scalars['String']['output'];
  /** Operators that fit this field. */
  operators: Array<SegmentOperator>;
  /** number, boolean or text. */
  type: Scalars['String']['output'];
  /** What a value counts; empty for none. */
  unit: Scalars['String']['output'];
  /** For a text field with a fixed set of values: those values. */
  values?: Maybe<Array<Scalars['String']['output']>>;
};

/** DYNAMIC: members are the customers a rule selects. STATIC: a hand-picked list. */
export type SegmentKind =
  | 'DYNAMIC'
  | 'STATIC';

/** A page of SegmentMember. */
export type SegmentMemberConnection = {
  __typename?: 'SegmentMemberConnection';
  /** The items on this page, each with its cursor. */
  edges: Array<SegmentMemberEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** Number of items in the whole list; costs a count, ask only when needed. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a list of SegmentMember. */
export type SegmentMemberEdge = {
  __typename?: 'SegmentMemberEdge';
  /** Opaque cursor for this position. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Customer;
};

/** Customers to add to or remove from a STATIC segment: all or nothing; repeating one changes nothing. */
export type SegmentMembersInput = {
  /** Customer ids, at most 1000. */
  customerIds: Array<Scalars['ID']['input']>;
  /** The Segment (STATIC). */
  segmentId: Scalars['ID']['input'];
};

/** How a condition compares a field with its value. A condition on a field without a value (null) is false. */
export type SegmentOperator =
  | 'BETWEEN'
  | 'EQ'
  | 'GT'
  | 'GTE'
  | 'IN'
  | 'IS_NOT_NULL'
  | 'IS_NULL'
  | 'LT'
  | 'LTE'
  | 'NEQ'
  | 'NOT_IN';

/** Result of a segment write. */
export type SegmentPayload = {
  __typename?: 'SegmentPayload';
  /** The segment as saved; null when there are userErrors. */
  segment?: Maybe<Segment>;
  /** What to fix in the input; empty on success. */
  userErrors: Array<UserError>;
};

/** What a rule would select now, without saving anything. */
export type SegmentPreview = {
  __typename?: 'SegmentPreview';
  /** How many customers within your reach the rule selects; null when there are userErrors. */
  count?: Maybe<Scalars['Int']['output']>;
  /** The first customers selected (by name, at most 20); empty when there are userErrors. */
  customers: Array<Customer>;
  /** What to fix in the rule, each at its path; empty when the rule is valid. */
  userErrors: Array<UserError>;
};

/** A segment rule: exactly one of all, any, not or condition. */
export type SegmentRuleInput = {
  /** Every one of these rules holds. */
  all?: InputMaybe<Array<SegmentRuleInput>>;
  /** At least one of these rules holds. */
  any?: InputMaybe<Array<SegmentRuleInput>>;
  /** A single condition. */
  condition?: InputMaybe<SegmentConditionInput>;
  /** This rule does not hold. */
  not?: InputMaybe<SegmentRuleInput>;
};

/** The size of a segment at one instant, from its membership history. */
export type SegmentSizePoint = {
  __typename?: 'SegmentSizePoint';
  /** The instant. */
  at: Scalars['DateTimeISO']['output'];
  /** Members then (over all customers). */
  members: Scalars['Int']['output'];
};

/** Figures about a segment's members within your reach, computed in SQL. */
export type SegmentStats = {
  __typename?: 'SegmentStats';
  /** Their average last NPS, over the members whose answers you may read; null where no module offers it, you may not read it, or none answered. */
  averageNps?: Maybe<Scalars['Float']['output']>;
  /** Their average risk score, over the members whose scores you may read; null where no module offers one or you may not read it. */
  averageRiskScore?: Maybe<Scalars['Float']['output']>;
  /** exits / membersAtStart; null without members at the start. */
  churnRate?: Maybe<Scalars['Float']['output']>;
  /** Members at the period's start (within your reach) whose full exit closed within the period. */
  exits: Scalars['Int']['output'];
  /** Members at the period's start, within your reach. */
  membersAtStart: Scalars['Int']['output'];
  /** Members per risk band, of the members whose bands you may read; null where no module offers bands or you may not read them. */
  membersByRiskBand?: Maybe<Array<BandCount>>;
  /** Current members within your reach. */
  size: Scalars['Int']['output'];
  /** Their total deposits, in the reporting currency. */
  totalDeposits: Money;
};

/** The value of a condition: exactly one of these, matching the field's type; none for IS_NULL and IS_NOT_NULL. */
export type SegmentValueInput = {
  /** For a boolean field with EQ, NEQ. */
  boolean?: InputMaybe<Scalars['Boolean']['input']>;
  /** For a number field with EQ, NEQ, GT, GTE, LT, LTE. */
  number?: InputMaybe<Scalars['Float']['input']>;
  /** For a number field with IN, NOT_IN, or BETWEEN (two numbers, lower first). */
  numbers?: InputMaybe<Array<Scalars['Float']['input']>>;
  /** For a text field with EQ, NEQ. */
  text?: InputMaybe<Scalars['String']['input']>;
  /** For a text field with IN, NOT_IN. */
  texts?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** The tone of the text, as the text analysis read it. */
export type SentimentLabel =
  | 'NEGATIVE'
  | 'NEUTRAL'
  | 'POSITIVE';

/** Settles a leaving customer's points by the configured exit policy (paid out or forfeited) and closes the loyalty account. */
export type SettleLoyaltyAtExitInput = {
  /** The LoyaltyAccount id. */
  accountId: Scalars['ID']['input'];
  /** Your idempotency key (1 to 200 characters), scoped to you: a replay returns the first result; the same key with a different input is a CONFLICT. */
  idempotencyKey: Scalars['String']['input'];
};

/** A member of the bank's staff. */
export type StaffMember = Node & {
  __typename?: 'StaffMember';
  /** Opaque global id. */
  id: Scalars['ID']['output'];
  /** Full name. */
  name: Scalars['String']['output'];
  /** The identity provider's subject. */
  subject: Scalars['String']['output'];
};

/** An item that was not applied: Keel holds data for its key that is as new or newer. */
export type StaleItem = {
  __typename?: 'StaleItem';
  /** Position of the item in `input.items`, from 0. */
  index: Scalars['Int']['output'];
  /** The item's key (external reference; customer reference/month for snapshots; currency for rates). */
  key: Scalars['String']['output'];
  /** The asOf of what Keel holds for this key. */
  storedAsOf: Scalars['DateTimeISO']['output'];
};

/** Opens an offboarding case. */
export type StartOffboardingInput = {
  /** For PARTIAL: the Account ids that close; the customer keeps the rest. */
  accountIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** The StaffMember who works the case. */
  assigneeId?: InputMaybe<Scalars['ID']['input']>;
  /** The customer who leaves (Customer id). */
  customerId: Scalars['ID']['input'];
  /** CUSTOMER: the customer asked to leave. BANK: the bank exits the customer. */
  initiatedBy: OffboardingInitiator;
  /** A note for the history. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** The reason category; it must fit the initiator. */
  reason: OffboardingReason;
  /** Free-text detail of the reason. */
  reasonDetail?: InputMaybe<Scalars['String']['input']>;
  /** FULL (default) or PARTIAL with accountIds. */
  scope?: OffboardingScope;
};

/** An account closed by the exit. */
export type StatementAccount = {
  __typename?: 'StatementAccount';
  /** The account. */
  accountId: Scalars['ID']['output'];
  /** The date it closed (YYYY-MM-DD). */
  closedOn?: Maybe<Scalars['String']['output']>;
  /** The core banking reference. */
  externalRef: Scalars['String']['output'];
  /** The kind of product. */
  type: AccountType;
};

/** A loan or card settled. */
export type StatementSettlement = {
  __typename?: 'StatementSettlement';
  /** The account settled. */
  accountId: Scalars['ID']['output'];
  /** The core banking reference. */
  externalRef: Scalars['String']['output'];
  /** When it was recorded as settled. */
  settledAt: Scalars['DateTimeISO']['output'];
};

/** A deposit balance moved out of the bank. */
export type StatementTransfer = {
  __typename?: 'StatementTransfer';
  /** The account the money left. */
  accountId: Scalars['ID']['output'];
  /** How much moved. */
  amount?: Maybe<Money>;
  /** Where it went. */
  destination: Scalars['String']['output'];
  /** The core banking reference. */
  externalRef: Scalars['String']['output'];
  /** When it was recorded as moved. */
  movedAt: Scalars['DateTimeISO']['output'];
};

export type Subscription = {
  __typename?: 'Subscription';
  /** Feedback of the customers the caller may read, as it arrives (over WebSocket, graphql-transport-ws). */
  feedbackReceived: FeedbackReceived;
  /** What the bank says about the incidents the caller may see, as it is posted (over WebSocket, graphql-transport-ws); partners hear only what customers were told. */
  incidentUpdated: IncidentUpdated;
  /** Each step of the offboarding cases the caller may read, as it happens (over WebSocket, graphql-transport-ws). */
  offboardingCaseChanged: OffboardingCaseChange;
  /** Risk alerts of the customers the caller may read scores of, as scoring raises them (over WebSocket, graphql-transport-ws). */
  riskAlerts: RiskAlert;
};

/** One survey response to import. */
export type SurveyResponseInput = {
  /** Where it was given (default SURVEY). */
  channel?: FeedbackChannel;
  /** Customer satisfaction answer, 1..5. */
  csat?: InputMaybe<Scalars['Int']['input']>;
  /** The customer's external reference (as core banking sends it). */
  customerExternalRef: Scalars['String']['input'];
  /** The survey tool's id of the response: a response sent again with the same id is not recorded twice. */
  externalId: Scalars['String']['input'];
  /** What it is (default SATISFACTION_SURVEY). */
  kind?: FeedbackKind;
  /** Language of the text, "en" or "zh"; detected when left out. */
  language?: InputMaybe<Scalars['String']['input']>;
  /** Net Promoter Score answer, 0..10. */
  nps?: InputMaybe<Scalars['Int']['input']>;
  /** When the customer gave it (default: now); never in the future. */
  receivedAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** How serious it is (default LOW). */
  severity?: FeedbackSeverity;
  /** The customer's words (at most the configured length, FEEDBACK_TEXT_MAX_LENGTH). */
  text?: InputMaybe<Scalars['String']['input']>;
};

/** Suspends a loyalty account: points can no longer be redeemed. */
export type SuspendLoyaltyAccountInput = {
  /** The LoyaltyAccount id. */
  accountId: Scalars['ID']['input'];
  /** Why (kept in the account's record, audited by name only). */
  reason: Scalars['String']['input'];
};

/** One change of an account's tier and why. */
export type TierChange = {
  __typename?: 'TierChange';
  /** When it changed. */
  changedAt: Scalars['DateTimeISO']['output'];
  /** The tier before; null at enrolment. */
  fromTier?: Maybe<LoyaltyTier>;
  /** Points earned in the 12 months before the change, which decided it. */
  pointsEarned12m: Scalars['Float']['output'];
  /** Why the tier changed. */
  reason: Scalars['String']['output'];
  /** The tier after. */
  toTier: LoyaltyTier;
};

/** A page of TierChange. */
export type TierChangeConnection = {
  __typename?: 'TierChangeConnection';
  /** The items on this page, each with its cursor. */
  edges: Array<TierChangeEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** Number of items in the whole list; costs a count, ask only when needed. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a list of TierChange. */
export type TierChangeEdge = {
  __typename?: 'TierChangeEdge';
  /** Opaque cursor for this position. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: TierChange;
};

/** What to train a churn model on. */
export type TrainRiskModelInput = {
  /** Feature names (customer attributes); all numeric attributes when left out. */
  features?: InputMaybe<Array<Scalars['String']['input']>>;
  /** The label: a customer-initiated exit within this many months of the snapshot (1..24). */
  horizonMonths: Scalars['Int']['input'];
  /** L2 regularisation strength (0..10,000) on the standardised coefficients. */
  regularisation: Scalars['Float']['input'];
  /** Two to twelve snapshot dates (YYYY-MM-DD); the last is the time-based holdout. */
  snapshotDates: Array<Scalars['String']['input']>;
};

/** Changes to a client: its name or its own budget. Omitted fields stay as they are. */
export type UpdateApiClientInput = {
  /** The ApiClient to change. */
  id: Scalars['ID']['input'];
  /** What the client is, for people (1 to 100 characters). */
  name?: InputMaybe<Scalars['String']['input']>;
  /** The client's own budget of query cost points per window. */
  rateLimitPoints?: InputMaybe<Scalars['Int']['input']>;
  /** true: drop the client's own budget and use the deployment's partner budget. */
  useDefaultRateLimit?: InputMaybe<Scalars['Boolean']['input']>;
};

/** Result of updateApiClient. */
export type UpdateApiClientPayload = {
  __typename?: 'UpdateApiClientPayload';
  /** The client as saved; null when there are userErrors. */
  apiClient?: Maybe<ApiClient>;
  /** What to fix in the input; empty on success. */
  userErrors: Array<UserError>;
};

/** Changes to a customer's profile. Omitted fields stay as they are. */
export type UpdateCustomerInput = {
  /** Postal address (personal data). */
  address?: InputMaybe<Scalars['String']['input']>;
  /** Email address (personal data). */
  email?: InputMaybe<Scalars['String']['input']>;
  /** Given name. */
  firstName?: InputMaybe<Scalars['String']['input']>;
  /** The customer to change. */
  id: Scalars['ID']['input'];
  /** Family name. */
  lastName?: InputMaybe<Scalars['String']['input']>;
  /** Whether the customer agrees to marketing; the time of a change is recorded. */
  marketingConsent?: InputMaybe<Scalars['Boolean']['input']>;
  /** Phone number (personal data). */
  phone?: InputMaybe<Scalars['String']['input']>;
  /** How the customer prefers to be contacted. */
  preferredChannel?: InputMaybe<Channel>;
  /** The region of the bank that serves the customer. */
  region?: InputMaybe<Scalars['String']['input']>;
  /** The version you read; a stale version is a CONFLICT. */
  version: Scalars['Int']['input'];
};

/** Result of updateCustomer. */
export type UpdateCustomerPayload = {
  __typename?: 'UpdateCustomerPayload';
  /** The customer as saved; null when there are userErrors. */
  customer?: Maybe<Customer>;
  /** What to fix in the input; empty on success. */
  userErrors: Array<UserError>;
};

/** Moves an incident to another status. */
export type UpdateIncidentStatusInput = {
  /** With RESOLVED: when it ended (default: now); not before it started, never in the future. */
  endedAt?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** The version you read; a stale version is a CONFLICT. */
  expectedVersion: Scalars['Int']['input'];
  /** The Incident. */
  incidentId: Scalars['ID']['input'];
  /** The status to move to (see IncidentStatus for the allowed moves). */
  status: IncidentStatus;
  /** A new summary, when it changes (at most 5,000 characters). */
  summary?: InputMaybe<Scalars['String']['input']>;
};

/** Changes an offer of the catalogue: fields left out stay as they are; null clears minTier and the budgets. */
export type UpdateRetentionOfferInput = {
  /** New count budget; null: no limit. Never below what is reserved already. */
  budgetCount?: InputMaybe<Scalars['Int']['input']>;
  /** New value budget; null: no limit. Never below what is reserved already. */
  budgetValue?: InputMaybe<Scalars['Float']['input']>;
  /** New minimum tier; null: none. */
  minTier?: InputMaybe<LoyaltyTier>;
  /** New name (1 to 200 characters). */
  name?: InputMaybe<Scalars['String']['input']>;
  /** The RetentionOffer id. */
  offerId: Scalars['ID']['input'];
  /** New product types; empty: none needed. */
  productTypes?: InputMaybe<Array<AccountType>>;
  /** New terms (1 to 5,000 characters). */
  terms?: InputMaybe<Scalars['String']['input']>;
  /** New start of validity. */
  validFrom?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** New end of validity. */
  validUntil?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** What the offer is worth, by kind: points (BONUS_POINTS), minor units of the reporting currency (CASHBACK), basis points off the rate (RATE_DISCOUNT), months of fees waived (FEE_WAIVER), 0 (EXCLUSIVE_PRODUCT). */
  value?: InputMaybe<Scalars['Float']['input']>;
  /** The version you read: a stale one is a CONFLICT. */
  version: Scalars['Int']['input'];
};

/** Changes to a segment; given fields change. A new rule recomputes the membership. */
export type UpdateSegmentInput = {
  /** New description. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** The Segment. */
  id: Scalars['ID']['input'];
  /** New name. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** New rule (DYNAMIC segments only). */
  rule?: InputMaybe<SegmentRuleInput>;
  /** The version read (optimistic locking). */
  version: Scalars['Int']['input'];
};

/** Accounts to create or update, at most 1000. */
export type UpsertAccountsInput = {
  /** The items; all are applied or none. */
  items: Array<AccountItemInput>;
};

/** Result of upsertAccounts: all items applied, or none (then userErrors say why). */
export type UpsertAccountsPayload = {
  __typename?: 'UpsertAccountsPayload';
  /** Items that created or changed something. */
  applied: Scalars['Int']['output'];
  /** Items older than what Keel holds: reported, not applied. */
  stale: Array<StaleItem>;
  /** Items identical to what Keel holds (a re-sent batch is all unchanged). */
  unchanged: Scalars['Int']['output'];
  /** What to fix, each with the item's path (["input", "items", "3", "email"]); when any, nothing was written. */
  userErrors: Array<UserError>;
};

/** Customer profiles to create or update, at most 1000. */
export type UpsertCustomersInput = {
  /** The items; all are applied or none. */
  items: Array<CustomerItemInput>;
};

/** Result of upsertCustomers: all items applied, or none (then userErrors say why). */
export type UpsertCustomersPayload = {
  __typename?: 'UpsertCustomersPayload';
  /** Items that created or changed something. */
  applied: Scalars['Int']['output'];
  /** Items older than what Keel holds: reported, not applied. */
  stale: Array<StaleItem>;
  /** Items identical to what Keel holds (a re-sent batch is all unchanged). */
  unchanged: Scalars['Int']['output'];
  /** What to fix, each with the item's path (["input", "items", "3", "email"]); when any, nothing was written. */
  userErrors: Array<UserError>;
};

/** FX rates to the reporting currency, at most 1000. */
export type UpsertFxRatesInput = {
  /** The items; all are applied or none. */
  items: Array<FxRateItemInput>;
};

/** Result of upsertFxRates: all items applied, or none (then userErrors say why). */
export type UpsertFxRatesPayload = {
  __typename?: 'UpsertFxRatesPayload';
  /** Items that created or changed something. */
  applied: Scalars['Int']['output'];
  /** Items older than what Keel holds: reported, not applied. */
  stale: Array<StaleItem>;
  /** Items identical to what Keel holds (a re-sent batch is all unchanged). */
  unchanged: Scalars['Int']['output'];
  /** What to fix, each with the item's path (["input", "items", "3", "email"]); when any, nothing was written. */
  userErrors: Array<UserError>;
};

/** A problem with the input that the caller can fix. */
export type UserError = {
  __typename?: 'UserError';
  /** Machine-readable reason, from the module's error codes. */
  code: Scalars['String']['output'];
  /** Path to the input field at fault, e.g. ["input", "items", "3", "email"]. */
  field: Array<Scalars['String']['output']>;
  /** What is wrong, in words a person can act on. */
  message: Scalars['String']['output'];
};

/** The caller: a staff member or a partner app. */
export type Viewer = {
  __typename?: 'Viewer';
  /** "staff" or "partner". */
  kind: Scalars['String']['output'];
  /** Display name. */
  name?: Maybe<Scalars['String']['output']>;
  /** Staff roles (empty for partners). */
  roles: Array<Scalars['String']['output']>;
  /** Partner scopes (empty for staff). */
  scopes: Array<Scalars['String']['output']>;
  /** Staff: the identity provider's subject. Partner: the client's public id. */
  subject: Scalars['String']['output'];
};

/** One attempt to deliver one event to a subscription. */
export type WebhookDelivery = Node & {
  __typename?: 'WebhookDelivery';
  /** Which attempt of this delivery (1 for the first; a redelivery starts again at 1). */
  attempt: Scalars['Int']['output'];
  /** When it was made. */
  attemptedAt: Scalars['DateTimeISO']['output'];
  /** Milliseconds from the start of the call to its end. */
  durationMs: Scalars['Int']['output'];
  /** What went wrong, for a failed attempt. */
  error?: Maybe<Scalars['String']['output']>;
  /** The event's id, as in the delivery's body `id` (for de-duplication and redelivery). */
  eventId: Scalars['String']['output'];
  /** The event's type. */
  eventType: Scalars['String']['output'];
  /** Opaque global id. */
  id: Scalars['ID']['output'];
  /** When the next attempt is due, after a failure within the retry period. */
  nextAttemptAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** The HTTP status the receiver answered, if it answered. */
  responseCode?: Maybe<Scalars['Int']['output']>;
  /** The start of the receiver's answer (at most 500 characters). */
  responseExcerpt?: Maybe<Scalars['String']['output']>;
  /** How it ended. */
  status: WebhookDeliveryStatus;
};

/** A page of WebhookDelivery. */
export type WebhookDeliveryConnection = {
  __typename?: 'WebhookDeliveryConnection';
  /** The items on this page, each with its cursor. */
  edges: Array<WebhookDeliveryEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** Number of items in the whole list; costs a count, ask only when needed. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a list of WebhookDelivery. */
export type WebhookDeliveryEdge = {
  __typename?: 'WebhookDeliveryEdge';
  /** Opaque cursor for this position. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: WebhookDelivery;
};

/** Narrows a subscription's delivery attempts; all given conditions must hold. */
export type WebhookDeliveryFilter = {
  /** Attempts for this event id. */
  eventId?: InputMaybe<Scalars['String']['input']>;
  /** Any of these outcomes. */
  status_in?: InputMaybe<Array<WebhookDeliveryStatus>>;
};

/** How one delivery attempt ended: SUCCEEDED on a 2xx answer; FAILED otherwise (another status, a redirect, a timeout, a refused target). */
export type WebhookDeliveryStatus =
  | 'FAILED'
  | 'SUCCEEDED';

/** Which events of the named types a subscription receives; all given conditions must hold. */
export type WebhookFilters = {
  __typename?: 'WebhookFilters';
  /** Only events about customers whose current churn-risk band is this (LOW, MEDIUM, HIGH, CRITICAL). */
  band?: Maybe<Scalars['String']['output']>;
  /** Only events about customers in this region. */
  region?: Maybe<Scalars['String']['output']>;
  /** Only events about customers who are members of this Segment when the event is published. */
  segmentId?: Maybe<Scalars['ID']['output']>;
};

/** Conditions on the events' customers; events about no customer do not match a subscription with filters. */
export type WebhookFiltersInput = {
  /** A churn-risk band, LOW, MEDIUM, HIGH or CRITICAL (needs risk scores: read). */
  band?: InputMaybe<Scalars['String']['input']>;
  /** A region, as core banking sends it (needs customers: read). */
  region?: InputMaybe<Scalars['String']['input']>;
  /** A Segment: only customers who are members when the event is published (needs segments: read). */
  segmentId?: InputMaybe<Scalars['ID']['input']>;
};

/** A URL that receives signed deliveries of domain events. Its signing secret is shown only when it is created or rotated. */
export type WebhookSubscription = Node & {
  __typename?: 'WebhookSubscription';
  /** The ApiClient that owns it; null for one made by staff. */
  apiClientId?: Maybe<Scalars['ID']['output']>;
  /** When it was made. */
  createdAt: Scalars['DateTimeISO']['output'];
  /** Who made it (staff subject or the client's public id). */
  createdBy: Scalars['String']['output'];
  /** The event types it receives (e.g. feedback.received). */
  eventTypes: Array<Scalars['String']['output']>;
  /** Conditions on the events' customers. */
  filters: WebhookFilters;
  /** Opaque global id. */
  id: Scalars['ID']['output'];
  /** When it was paused. */
  pausedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Why it is paused: by whom, or the deliveries that failed for the whole retry period. */
  pausedReason?: Maybe<Scalars['String']['output']>;
  /** Until when deliveries also carry a signature with the previous secret. */
  previousSecretExpiresAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** When its secret was last rotated. */
  secretRotatedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Whether it receives deliveries now. */
  status: WebhookSubscriptionStatus;
  /** Where deliveries are POSTed. */
  url: Scalars['String']['output'];
};

/** A page of WebhookSubscription. */
export type WebhookSubscriptionConnection = {
  __typename?: 'WebhookSubscriptionConnection';
  /** The items on this page, each with its cursor. */
  edges: Array<WebhookSubscriptionEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** Number of items in the whole list; costs a count, ask only when needed. */
  totalCount: Scalars['Int']['output'];
};

/** An edge in a list of WebhookSubscription. */
export type WebhookSubscriptionEdge = {
  __typename?: 'WebhookSubscriptionEdge';
  /** Opaque cursor for this position. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: WebhookSubscription;
};

/** Narrows the webhook subscriptions; all given conditions must hold. */
export type WebhookSubscriptionFilter = {
  /** Any of these statuses. */
  status_in?: InputMaybe<Array<WebhookSubscriptionStatus>>;
};

/** Which webhook subscription. */
export type WebhookSubscriptionRefInput = {
  /** The WebhookSubscription. */
  id: Scalars['ID']['input'];
};

/** Whether events are delivered to a subscription now. */
export type WebhookSubscriptionStatus =
  /** Matching events are delivered. */
  | 'ACTIVE'
  /** Nothing is delivered until it is resumed; `pausedReason` says why (by its owner, or after failing deliveries for the whole retry period). */
  | 'PAUSED';

/** An approach to a customer who left. */
export type WinBackAttempt = Node & {
  __typename?: 'WinBackAttempt';
  /** Opaque global id. */
  id: Scalars['ID']['output'];
  /** A note; null once erased. */
  note?: Maybe<Scalars['String']['output']>;
  /** What was offered. */
  offer: Scalars['String']['output'];
  /** How it went. */
  outcome: WinBackOutcome;
  /** When it was recorded. */
  recordedAt: Scalars['DateTimeISO']['output'];
  /** Who recorded it. */
  recordedBy: Scalars['String']['output'];
};

/** How an approach to a customer who left went. */
export type WinBackOutcome =
  | 'DECLINED'
  | 'INTERESTED'
  | 'NO_RESPONSE'
  | 'WON_BACK';

/** Result of recordWinBackAttempt or recordWinBack. */
export type WinBackPayload = {
  __typename?: 'WinBackPayload';
  /** The customer as saved; null when there are userErrors. */
  customer?: Maybe<Customer>;
  /** Why nothing changed; empty on success. */
  userErrors: Array<UserError>;
};

/** Withdraws an offer proposed to a customer before they answer; its budget is released. */
export type WithdrawOfferInput = {
  /** The OfferAssignment id. */
  assignmentId: Scalars['ID']['input'];
};

/**
 * A Directive provides a way to describe alternate runtime execution and type validation behavior in a GraphQL document.
 *
 * In some cases, you need to provide options to alter GraphQL's execution behavior in ways field arguments will not suffice, such as conditionally including or skipping a field. Directives provide this by describing additional information to the executor.
 */
export type __Directive = {
  __typename?: '__Directive';
  name: Scalars['String']['output'];
  description?: Maybe<Scalars['String']['output']>;
  isRepeatable: Scalars['Boolean']['output'];
  locations: Array<__DirectiveLocation>;
  args: Array<__InputValue>;
  isDeprecated: Scalars['Boolean']['output'];
  deprecationReason?: Maybe<Scalars['String']['output']>;
};


/**
 * A Directive provides a way to describe alternate runtime execution and type validation behavior in a GraphQL document.
 *
 * In some cases, you need to provide options to alter GraphQL's execution behavior in ways field arguments will not suffice, such as conditionally including or skipping a field. Directives provide this by describing additional information to the executor.
 */
export type __DirectiveArgsArgs = {
  includeDeprecated?: InputMaybe<Scalars['Boolean']['input']>;
};

/** A Directive can be adjacent to many parts of the GraphQL language, a __DirectiveLocation describes one such possible adjacencies. */
export type __DirectiveLocation =
  /** Location adjacent to a query operation. */
  | 'QUERY'
  /** Location adjacent to a mutation operation. */
  | 'MUTATION'
  /** Location adjacent to a subscription operation. */
  | 'SUBSCRIPTION'
  /** Location adjacent to a field. */
  | 'FIELD'
  /** Location adjacent to a fragment definition. */
  | 'FRAGMENT_DEFINITION'
  /** Location adjacent to a fragment spread. */
  | 'FRAGMENT_SPREAD'
  /** Location adjacent to an inline fragment. */
  | 'INLINE_FRAGMENT'
  /** Location adjacent to a variable definition. */
  | 'VARIABLE_DEFINITION'
  /** Location adjacent to a schema definition. */
  | 'SCHEMA'
  /** Location adjacent to a scalar definition. */
  | 'SCALAR'
  /** Location adjacent to an object type definition. */
  | 'OBJECT'
  /** Location adjacent to a field definition. */
  | 'FIELD_DEFINITION'
  /** Location adjacent to an argument definition. */
  | 'ARGUMENT_DEFINITION'
  /** Location adjacent to an interface definition. */
  | 'INTERFACE'
  /** Location adjacent to a union definition. */
  | 'UNION'
  /** Location adjacent to an enum definition. */
  | 'ENUM'
  /** Location adjacent to an enum value definition. */
  | 'ENUM_VALUE'
  /** Location adjacent to an input object type definition. */
  | 'INPUT_OBJECT'
  /** Location adjacent to an input object field definition. */
  | 'INPUT_FIELD_DEFINITION'
  /** Location adjacent to a directive definition. */
  | 'DIRECTIVE_DEFINITION';

/** One possible value for a given Enum. Enum values are unique values, not a placeholder for a string or numeric value. However an Enum value is returned in a JSON response as a string. */
export type __EnumValue = {
  __typename?: '__EnumValue';
  name: Scalars['String']['output'];
  description?: Maybe<Scalars['String']['output']>;
  isDeprecated: Scalars['Boolean']['output'];
  deprecationReason?: Maybe<Scalars['String']['output']>;
};

/** Object and Interface types are described by a list of Fields, each of which has a name, potentially a list of arguments, and a return type. */
export type __Field = {
  __typename?: '__Field';
  name: Scalars['String']['output'];
  description?: Maybe<Scalars['String']['output']>;
  args: Array<__InputValue>;
  type: __Type;
  isDeprecated: Scalars['Boolean']['output'];
  deprecationReason?: Maybe<Scalars['String']['output']>;
};


/** Object and Interface types are described by a list of Fields, each of which has a name, potentially a list of arguments, and a return type. */
export type __FieldArgsArgs = {
  includeDeprecated?: InputMaybe<Scalars['Boolean']['input']>;
};

/** Arguments provided to Fields or Directives and the input fields of an InputObject are represented as Input Values which describe their type and optionally a default value. */
export type __InputValue = {
  __typename?: '__InputValue';
  name: Scalars['String']['output'];
  description?: Maybe<Scalars['String']['output']>;
  type: __Type;
  /** A GraphQL-formatted string representing the default value for this input value. */
  defaultValue?: Maybe<Scalars['String']['output']>;
  isDeprecated: Scalars['Boolean']['output'];
  deprecationReason?: Maybe<Scalars['String']['output']>;
};

/** A GraphQL Schema defines the capabilities of a GraphQL server. It exposes all available types and directives on the server, as well as the entry points for query, mutation, and subscription operations. */
export type __Schema = {
  __typename?: '__Schema';
  description?: Maybe<Scalars['String']['output']>;
  /** A list of all types supported by this server. */
  types: Array<__Type>;
  /** The type that query operations will be rooted at. */
  queryType: __Type;
  /** If this server supports mutation, the type that mutation operations will be rooted at. */
  mutationType?: Maybe<__Type>;
  /** If this server support subscription, the type that subscription operations will be rooted at. */
  subscriptionType?: Maybe<__Type>;
  /** A list of all directives supported by this server. */
  directives: Array<__Directive>;
};


/** A GraphQL Schema defines the capabilities of a GraphQL server. It exposes all available types and directives on the server, as well as the entry points for query, mutation, and subscription operations. */
export type __SchemaDirectivesArgs = {
  includeDeprecated?: Scalars['Boolean']['input'];
};

/**
 * The fundamental unit of any GraphQL Schema is the type. There are many kinds of types in GraphQL as represented by the `__TypeKind` enum.
 *
 * Depending on the kind of a type, certain fields describe information about that type. Scalar types provide no information beyond a name, description and optional `specifiedByURL`, while Enum types provide their values. Object and Interface types provide the fields they describe. Abstract types, Union and Interface, provide the Object types possible at runtime. List and NonNull types compose other types.
 */
export type __Type = {
  __typename?: '__Type';
  kind: __TypeKind;
  name?: Maybe<Scalars['String']['output']>;
  description?: Maybe<Scalars['String']['output']>;
  specifiedByURL?: Maybe<Scalars['String']['output']>;
  fields?: Maybe<Array<__Field>>;
  interfaces?: Maybe<Array<__Type>>;
  possibleTypes?: Maybe<Array<__Type>>;
  enumValues?: Maybe<Array<__EnumValue>>;
  inputFields?: Maybe<Array<__InputValue>>;
  ofType?: Maybe<__Type>;
  isOneOf?: Maybe<Scalars['Boolean']['output']>;
};


/**
 * The fundamental unit of any GraphQL Schema is the type. There are many kinds of types in GraphQL as represented by the `__TypeKind` enum.
 *
 * Depending on the kind of a type, certain fields describe information about that type. Scalar types provide no information beyond a name, description and optional `specifiedByURL`, while Enum types provide their values. Object and Interface types provide the fields they describe. Abstract types, Union and Interface, provide the Object types possible at runtime. List and NonNull types compose other types.
 */
export type __TypeFieldsArgs = {
  includeDeprecated?: InputMaybe<Scalars['Boolean']['input']>;
};


/**
 * The fundamental unit of any GraphQL Schema is the type. There are many kinds of types in GraphQL as represented by the `__TypeKind` enum.
 *
 * Depending on the kind of a type, certain fields describe information about that type. Scalar types provide no information beyond a name, description and optional `specifiedByURL`, while Enum types provide their values. Object and Interface types provide the fields they describe. Abstract types, Union and Interface, provide the Object types possible at runtime. List and NonNull types compose other types.
 */
export type __TypeEnumValuesArgs = {
  includeDeprecated?: InputMaybe<Scalars['Boolean']['input']>;
};


/**
 * The fundamental unit of any GraphQL Schema is the type. There are many kinds of types in GraphQL as represented by the `__TypeKind` enum.
 *
 * Depending on the kind of a type, certain fields describe information about that type. Scalar types provide no information beyond a name, description and optional `specifiedByURL`, while Enum types provide their values. Object and Interface types provide the fields they describe. Abstract types, Union and Interface, provide the Object types possible at runtime. List and NonNull types compose other types.
 */
export type __TypeInputFieldsArgs = {
  includeDeprecated?: InputMaybe<Scalars['Boolean']['input']>;
};

/** An enum describing what kind of type a given `__Type` is. */
export type __TypeKind =
  /** Indicates this type is a scalar. */
  | 'SCALAR'
  /** Indicates this type is an object. `fields` and `interfaces` are valid fields. */
  | 'OBJECT'
  /** Indicates this type is an interface. `fields`, `interfaces`, and `possibleTypes` are valid fields. */
  | 'INTERFACE'
  /** Indicates this type is a union. `possibleTypes` is a valid field. */
  | 'UNION'
  /** Indicates this type is an enum. `enumValues` is a valid field. */
  | 'ENUM'
  /** Indicates this type is an input object. `inputFields` is a valid field. */
  | 'INPUT_OBJECT'
  /** Indicates this type is a list. `ofType` is a valid field. */
  | 'LIST'
  /** Indicates this type is a non-null. `ofType` is a valid field. */
  | 'NON_NULL';
