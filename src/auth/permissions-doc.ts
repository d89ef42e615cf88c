// The README's "Who may do what" table, written from the modules' permission tables so that the
// documentation cannot drift from what the server enforces (a test compares them).
import type { KeelModule } from '../module';
import type { Bound, NamedCapability } from './permissions';
import { ROLES } from './roles';

const WORDS: Record<Bound, string> = { ALL: 'all', OWN_BOOK: 'own book', OWN_CLIENT: 'own client' };

export const PERMISSIONS_BEGIN = '<!-- permissions:begin (written by npm run docs:permissions) -->';
export const PERMISSIONS_END = '<!-- permissions:end -->';

function row(cap: NamedCapability): string {
  const roles = ROLES.map((r) => (cap.roles[r] ? WORDS[cap.roles[r]!] : '—'));
  const scopes = cap.scopes?.length ? cap.scopes.map((s) => `\`${s}\``).join(', ') : '—';
  return `| ${cap.description} | \`${cap.name}\` | ${roles.join(' | ')} | ${scopes} |`;
}

export function permissionsMarkdown(modules: KeelModule[]): string {
  const lines = [
    `| capability | name | ${ROLES.join(' | ')} | partner scopes |`,
    `|---|---|${ROLES.map(() => '---').join('|')}|---|`,
    ...modules.flatMap((m) => Object.values(m.permissions?.capabilities ?? {}).map(row)),
  ];
  return `${PERMISSIONS_BEGIN}\n${lines.join('\n')}\n${PERMISSIONS_END}`;
}

/** The README with its permissions table replaced by the current one. */
export function withPermissionsTable(readme: string, modules: KeelModule[]): string {
  const start = readme.indexOf(PERMISSIONS_BEGIN);
  const end = readme.indexOf(PERMISSIONS_END);
  if (start < 0 || end < start) throw new Error('README has no permissions table markers');
  return readme.slice(0, start) + permissionsMarkdown(modules) + readme.slice(end + PERMISSIONS_END.length);
}
