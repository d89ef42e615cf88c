// The README's permissions table is the one the server enforces.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { permissionsMarkdown } from '../src/auth/permissions-doc';
import { defaultModules } from '../src/modules';

it('README.md carries the permissions table written from the modules (npm run docs:permissions)', () => {
  const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  expect(readme).toContain(permissionsMarkdown(defaultModules));
});

it('every capability is described and granted to someone', () => {
  for (const cap of defaultModules.flatMap((m) => Object.values(m.permissions?.capabilities ?? {}))) {
    expect(cap.description.length).toBeGreaterThan(5);
    expect(Object.keys(cap.roles).length + (cap.scopes?.length ?? 0)).toBeGreaterThan(0);
  }
});
