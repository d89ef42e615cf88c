// npm run codegen:check: regenerates the typed client code in memory from the committed schema and
// schema/operations and lists the files of schema/generated that differ from it (exit 1 when any does).
// `--documents <glob>` reads the operations from elsewhere (the test's fixture of a forgotten regeneration).
// A separate process because @graphql-codegen/cli loads ES modules that jest's CommonJS runtime cannot.
import fs from 'node:fs';
import path from 'node:path';
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';

export interface CodegenCheck {
  /** Every file codegen writes, relative to the root. */
  files: string[];
  /** Those that are missing or differ from what codegen makes now. */
  stale: string[];
  /** Files in the output folders that codegen does not write (left from a removed output). */
  extra: string[];
}

export async function checkCodegen(root: string, documents?: string): Promise<CodegenCheck> {
  const { config } = await loadCodegenConfig({ configFilePath: path.join(root, 'codegen.yml') });
  const abs = (p: string) => path.join(root, p);
  const generates = Object.fromEntries(Object.entries(config.generates).map(([file, out]) => [abs(file), out]));
  const out: { filename: string; content: string }[] = await generate(
    { ...config, cwd: root, schema: abs(config.schema as string), documents: documents ?? abs(config.documents as string), generates, silent: true },
    false,
  );
  const files = out.map((o) => path.relative(root, o.filename)).sort();
  const stale = out
    .filter((o) => !fs.existsSync(o.filename) || fs.readFileSync(o.filename, 'utf8') !== o.content)
    .map((o) => path.relative(root, o.filename))
    .sort();
  const folders = [...new Set(files.map((f) => path.dirname(f)))];
  const extra = folders.flatMap((d) => fs.readdirSync(abs(d)).map((f) => path.join(d, f))).filter((f) => !files.includes(f)).sort();
  return { files, stale, extra };
}

if (require.main === module) {
  const i = process.argv.indexOf('--documents');
  checkCodegen(process.cwd(), i > 0 ? process.argv[i + 1] : undefined).then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      if (result.stale.length || result.extra.length) {
        process.stderr.write(`stale generated code: ${[...result.stale, ...result.extra].join(', ')} (run npm run codegen)\n`);
        process.exit(1);
      }
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(2);
    },
  );
}
