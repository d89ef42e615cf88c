// A factor's reason is put into words when the score is read, from the numbers the score keeps. The words
// round as PostgreSQL rounds numerics (the floor and any report written in SQL say the same): checked here
// against PostgreSQL itself over values of every size and sign, ties and near-ties included.
import { contributionText, factorsOf, valueText } from '../src/modules/risk/risk.reasons';
import type { ModelFeature } from '../src/modules/risk/risk.model-spec';
import { createTestApp, type TestApp } from './support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** Deterministic values: ties (x.xx5), near-ties, tiny, large, negative, integers. */
function values(): number[] {
  const out: number[] = [0, -0, 1, -1, 0.5, -0.5, 0.125, 0.375, 1.005, 2.675, -2.675, 99.995, -0.004, -0.005, 0.1 + 0.2, 1e-9, -1e-9, 123.456, 998.999];
  let x = 12345;
  for (let i = 0; i < 3000; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const scale = [0.001, 0.01, 0.1, 1, 10, 100][i % 6];
    const v = ((x / 2 ** 31) * 2 - 1) * scale;
    out.push(i % 3 === 0 ? Math.round(v * 1000) / 1000 + 0.0005 : v);
  }
  return out;
}

it('values and contributions read as PostgreSQL writes them', async () => {
  const vs = values();
  const { rows } = await t.sql.query(
    `select trim(trailing '.' from trim(trailing '0' from round(v::numeric, 2)::text)) as number,
            (case when v >= 0 then '+' else '' end) || round((v * 100)::numeric)::text || '%' as percent,
            to_char(round(v::numeric, 2), 'FMSG99990.00') as contribution
       from unnest($1::float8[]) with ordinality u(v, n) order by n`,
    [vs],
  );
  const mismatches = vs
    .map((v, i) => ({ v, ts: [valueText(v, 'NUMBER', false), valueText(v, 'PERCENT', false), contributionText(v)], pg: [rows[i].number, rows[i].percent, rows[i].contribution] }))
    .filter((m) => m.ts.join('|') !== m.pg.join('|'));
  expect(mismatches).toEqual([]);
});

it('a factor reads its model: label, value by format, contribution; unknown values and yes/no in both languages', () => {
  const f = (name: string, format: ModelFeature['format']): ModelFeature => ({
    name, format, transform: 'STANDARDISE', mean: 0, sd: 1, coefficient: 1, labelEn: `${name} en`, labelZh: `${name} 中`,
  });
  const factors = factorsOf([f('a', 'PERCENT'), f('b', 'YES_NO'), f('c', 'NUMBER')], [-0.62, 1, null], [0.314, -1.2, 0]);
  expect(factors.map((x) => x.toJSON())).toEqual([
    { feature: 'a', value: -0.62, contribution: 0.314, reasonEn: 'a en -62%: +0.31', reasonZh: 'a 中 -62%：+0.31' },
    { feature: 'b', value: 1, contribution: -1.2, reasonEn: 'b en yes: -1.20', reasonZh: 'b 中 是：-1.20' },
    { feature: 'c', value: null, contribution: 0, reasonEn: 'c en unknown: +0.00', reasonZh: 'c 中 未知：+0.00' },
  ]);
  // The GraphQL field `reason` is the English one; serialised, a factor is its plain shape.
  expect(factors.map((x) => x.reason)).toEqual(factors.map((x) => x.reasonEn));
  expect(JSON.parse(JSON.stringify(factors[0]))).toEqual(factors[0].toJSON());
  // A score without a model (an external one) has no factors.
  expect(factorsOf(undefined, [], [])).toEqual([]);
});
