// Lists the platform files that name a module: an import of a module's folder, or a module's name
// (or a name it prefixes, such as a scope "customers:read" or a job "customers.refresh") in a string.
// The platform is src/ outside src/modules, and migrations/; only the registry (src/modules/index.ts)
// may name modules. Run: node -r ./tools/register.cjs tools/module-names.ts (exit 1 when any is found).
import fs from 'node:fs';
import path from 'node:path';

export interface Naming {
  file: string;
  line: number;
  module: string;
  text: string;
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? walk(full) : /\.ts$/.test(e.name) ? [full] : [];
  });
}

/** The module folders under src/modules. */
export function moduleNames(root: string): string[] {
  return fs
    .readdirSync(path.join(root, 'src/modules'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
}

export function platformFiles(root: string): string[] {
  const modulesDir = path.join(root, 'src/modules') + path.sep;
  return [...walk(path.join(root, 'src')), ...walk(path.join(root, 'migrations'))].filter((f) => !f.startsWith(modulesDir));
}

// Comments may speak of modules; only code counts. Blanks them, keeping line numbers.
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\/|(^|[^:'"`\\])\/\/.*$/gm, (m, lead: string | undefined) =>
    lead !== undefined ? lead + ' '.repeat(m.length - lead.length) : m.replace(/[^\n]/g, ' '),
  );
}

export function namingsIn(file: string, source: string, modules: string[]): Naming[] {
  const found: Naming[] = [];
  const lines = withoutComments(source).split('\n');
  lines.forEach((text, i) => {
    for (const m of modules) {
      const imports = new RegExp(`(?:from|import|require\\()\\s*['"][^'"]*\\bmodules/${m}(?:/[^'"]*)?['"]`);
      const named = new RegExp(`['"\`]${m}(?:['"\`]|[.:][a-z_-])`);
      if (imports.test(text) || named.test(text)) found.push({ file, line: i + 1, module: m, text: text.trim() });
    }
  });
  return found;
}

export function platformNamings(root: string): Naming[] {
  const modules = moduleNames(root);
  return platformFiles(root).flatMap((f) => namingsIn(path.relative(root, f), fs.readFileSync(f, 'utf8'), modules));
}

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  const found = platformNamings(root);
  for (const n of found) process.stdout.write(`${n.file}:${n.line}: names module "${n.module}": ${n.text}\n`);
  if (found.length) {
    process.stdout.write(`${found.length} place(s) in the platform name a module; only src/modules/index.ts may.\n`);
    process.exit(1);
  }
  process.stdout.write('the platform names no module\n');
}
