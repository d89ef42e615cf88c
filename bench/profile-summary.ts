// Summarises a V8 CPU profile (node --cpu-prof, as `npm run bench -- --profile` writes them): self time
// by function and by package/folder, the hottest first, as Markdown for docs/benchmarks.md.
//
//   node -r ./tools/register.cjs bench/profile-summary.ts bench/results/profiles/10000/keel.cpuprofile [top]
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where code lives: a package (node_modules/<name>), Keel's own folder, or node's internals. */
function placeOf(url: string): string {
  if (!url) return '(native / idle / gc)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  const own = /\/(src\/[^/]+(?:\/[^/]+)?|bench)\//.exec(url);
  if (own) return own[1].replace(/\.ts$/, '');
  if (url.startsWith('node:')) return 'node internals';
  return url.replace(/^file:\/\//, '');
}

export function summarise(file: string, top = 25): string {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self.entries()].filter(([id]) => ['(idle)', '(program)'].includes(byId.get(id)!.callFrame.functionName)).reduce((a, [, t]) => a + t, 0);
  const busy = total - idle;
  const fn = new Map<string, number>();
  const place = new Map<string, number>();
  for (const [id, t] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    const where = placeOf(url);
    const key = `${functionName || '(anonymous)'} — ${where}${url ? `:${lineNumber + 1}` : ''}`;
    fn.set(key, (fn.get(key) ?? 0) + t);
    place.set(where, (place.get(where) ?? 0) + t);
  }
  const pct = (t: number) => `${((100 * t) / busy).toFixed(1)}%`;
  const rows = (m: Map<string, number>, n: number) =>
    [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, t]) => `| ${k.replaceAll('|', '\\|')} | ${pct(t)} |`);
  return [
    `Busy CPU ${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms sampled.`,
    '',
    '| where (self time) | share of busy CPU |',
    '|---|---|',
    ...rows(place, 15),
    '',
    '| function (self time) | share of busy CPU |',
    '|---|---|',
    ...rows(fn, top),
  ].join('\n');
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top]');
  process.stdout.write(`${summarise(file, Number(top ?? 25))}\n`);
}
