// The module docs stay honest: every registered module has a page in docs/modules, every state diagram
// names the enum it draws and shows exactly that enum's states, and the diagrams of the transition
// tables (offboarding cases, feedback handling, incidents, campaigns) have exactly the table's transitions.
import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { defaultModules } from '../src/modules';
import { ApiClientStatus } from '../src/modules/access/api-client.type';
import { CampaignState } from '../src/modules/campaigns/campaign.entity';
import { CAMPAIGN_TRANSITIONS } from '../src/modules/campaigns/campaign.service';
import { CustomerStatus } from '../src/modules/customers/customer.entity';
import { FeedbackStatus } from '../src/modules/feedback/feedback.entity';
import { IncidentStatus } from '../src/modules/feedback/incident.entity';
import { incidentRefusal } from '../src/modules/feedback/incident.state-machine';
import { FEEDBACK_TRANSITIONS } from '../src/modules/feedback/state-machine';
import { LoyaltyStatus, Tier } from '../src/modules/loyalty/loyalty-account.entity';
import { AssignmentStatus, OfferStatus } from '../src/modules/loyalty/offer.entity';
import { AdjustmentStatus } from '../src/modules/loyalty/points-adjustment.entity';
import { CaseState } from '../src/modules/offboarding/offboarding-case.entity';
import { TRANSITIONS } from '../src/modules/offboarding/state-machine';
import { JobRunState } from '../src/modules/operations/job-run.type';
import { RiskModelStatus } from '../src/modules/risk/risk-model.entity';
import { SegmentKind } from '../src/modules/segments/segment.entity';
import { WebhookSubscriptionStatus } from '../src/modules/webhooks/webhook-subscription.entity';

const root = path.resolve(__dirname, '..');
const docs = path.join(root, 'docs/modules');

// The enums a diagram may draw, by the name its "%% states of <Enum>" line gives.
const ENUMS: Record<string, Record<string, string>> = {
  ApiClientStatus, CustomerStatus, FeedbackStatus, IncidentStatus, LoyaltyStatus, Tier, AssignmentStatus, OfferStatus,
  AdjustmentStatus, CaseState, JobRunState, RiskModelStatus, SegmentKind, CampaignState, WebhookSubscriptionStatus,
};

const edge = (from: string, to: string, label = '') => `${from} --> ${to}${label ? `: ${label}` : ''}`;

// The transitions a diagram of these enums must draw, from the code's own tables (edges into [*] left out).
const TABLES: Record<string, () => string[]> = {
  CampaignState: () => [
    edge('[*]', CampaignState.DRAFT),
    ...Object.entries(CAMPAIGN_TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => edge(from, to))),
  ],
  CaseState: () =>
    Object.entries(TRANSITIONS).flatMap(([, r]) => (r.from.length ? r.from.map((f) => edge(f, r.to)) : [edge('[*]', r.to)])),
  FeedbackStatus: () =>
    Object.values(FEEDBACK_TRANSITIONS)
      .filter((r) => r.to !== null)
      .flatMap((r) => (r.from.length ? r.from.map((f) => edge(f, r.to!)) : [edge('[*]', r.to!)])),
  IncidentStatus: () => {
    const all = Object.values(IncidentStatus);
    return [edge('[*]', IncidentStatus.OPEN), ...all.flatMap((f) => all.filter((t) => f !== t && incidentRefusal(f, t) === null).map((t) => edge(f, t)))];
  },
};

// Labels name the operation; for the offboarding and feedback tables they must be the transition's own name.
const LABELLED: Record<string, () => string[]> = {
  CaseState: () =>
    Object.entries(TRANSITIONS).flatMap(([, r]) => {
      const name = Object.entries(TRANSITIONS).find(([, x]) => x === r)![0];
      return r.from.length ? r.from.map((f) => edge(f, r.to, name)) : [edge('[*]', r.to, name)];
    }),
  FeedbackStatus: () =>
    Object.entries(FEEDBACK_TRANSITIONS)
      .filter(([, r]) => r.to !== null)
      .flatMap(([name, r]) => (r.from.length ? r.from.map((f) => edge(f, r.to!, name)) : [edge('[*]', r.to!, name)])),
};

interface Diagram {
  file: string;
  enumName: string | null;
  edges: { from: string; to: string; label: string }[];
  states: Set<string>;
}

function stateDiagrams(file: string): Diagram[] {
  const text = fs.readFileSync(path.join(docs, file), 'utf8');
  return [...text.matchAll(/```mermaid\n([^]*?)```/g)]
    .map((m) => m[1].split('\n').map((l) => l.trim()))
    .filter((lines) => lines[0] === 'stateDiagram-v2')
    .map((lines) => {
      const d: Diagram = { file, enumName: null, edges: [], states: new Set() };
      for (const line of lines.slice(1)) {
        const named = /^%% states of (\w+)/.exec(line);
        if (named) d.enumName = named[1];
        const e = /^(\[\*\]|\w+)\s*-->\s*(\[\*\]|\w+)\s*(?::\s*(.*))?$/.exec(line);
        if (e) {
          d.edges.push({ from: e[1], to: e[2], label: e[3] ?? '' });
          for (const s of [e[1], e[2]]) if (s !== '[*]') d.states.add(s);
          continue;
        }
        const declared = /^(\w+)\s*:/.exec(line);
        if (declared) d.states.add(declared[1]);
      }
      return d;
    });
}

const pages = fs.existsSync(docs) ? fs.readdirSync(docs).filter((f) => f.endsWith('.md')) : [];

it('every registered module has a page in docs/modules, and every page a module', () => {
  expect(pages.map((p) => p.replace(/\.md$/, '')).sort()).toEqual(defaultModules.map((m) => m.name).sort());
});

it('the README links every module page', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  for (const p of pages) expect({ page: p, linked: readme.includes(`(docs/modules/${p})`) }).toEqual({ page: p, linked: true });
});

it('every state diagram names its enum and shows exactly its states', () => {
  const diagrams = pages.flatMap(stateDiagrams);
  expect(diagrams.length).toBeGreaterThanOrEqual(12);
  for (const d of diagrams) {
    expect({ file: d.file, enumName: d.enumName && d.enumName in ENUMS ? d.enumName : d.enumName ?? 'missing' }).toEqual({
      file: d.file,
      enumName: expect.stringMatching(new RegExp(`^(${Object.keys(ENUMS).join('|')})$`)),
    });
    const values = Object.values(ENUMS[d.enumName!]).sort();
    expect({ file: d.file, enum: d.enumName, states: [...d.states].sort() }).toEqual({ file: d.file, enum: d.enumName, states: values });
  }
  // Each enum is drawn once, so that there is one picture to keep right.
  const drawn = diagrams.map((d) => d.enumName);
  expect(drawn.length).toBe(new Set(drawn).size);
});

it('the diagrams of the transition tables draw exactly the code\'s transitions', () => {
  const diagrams = pages.flatMap(stateDiagrams);
  for (const [enumName, table] of Object.entries(TABLES)) {
    const d = diagrams.find((x) => x.enumName === enumName);
    expect({ enumName, found: !!d }).toEqual({ enumName, found: true });
    const drawn = d!.edges.filter((e) => e.to !== '[*]');
    expect({ enumName, edges: drawn.map((e) => edge(e.from, e.to)).sort() }).toEqual({ enumName, edges: [...new Set(table())].sort() });
    const labelled = LABELLED[enumName];
    if (labelled) expect({ enumName, edges: drawn.map((e) => edge(e.from, e.to, e.label)).sort() }).toEqual({ enumName, edges: labelled().sort() });
  }
});

it('the GraphQL examples in the module guides are valid against the schema', () => {
  const schema = buildSchema(fs.readFileSync(path.join(root, 'schema/schema.graphql'), 'utf8'));
  const blocks = pages.flatMap((p) => [...fs.readFileSync(path.join(docs, p), 'utf8').matchAll(/```graphql\n([^]*?)```/g)].map((m) => ({ page: p, text: m[1] })));
  expect(blocks.length).toBeGreaterThan(0);
  for (const b of blocks) expect({ page: b.page, errors: validate(schema, parse(b.text)).map((e) => e.message) }).toEqual({ page: b.page, errors: [] });
});
