// Runs one module job by name, now, on the configured database: `node … src/jobs/job.cli.ts <job name>`
// (package.json names the ones people run by hand).
import 'reflect-metadata';
import { loadConfig } from '../config';
import { resolveDatabase } from '../db/database';
import { initJobOrm } from '../db/orm';
import { defaultModules } from '../modules';

async function run(name: string | undefined): Promise<void> {
  const job = defaultModules.flatMap((m) => m.jobs ?? []).find((j) => j.name === name);
  if (!job) throw new Error(`no job named ${name ?? '(none)'}; jobs: ${defaultModules.flatMap((m) => (m.jobs ?? []).map((j) => j.name)).join(', ')}`);
  const config = loadConfig(process.env);
  const log = (m: string) => process.stdout.write(`${m}\n`);
  const db = await resolveDatabase(config, log);
  const orm = await initJobOrm(db.runtimeUrl, defaultModules, config);
  try {
    const result = await job.run({ em: orm.em.fork(), now: new Date(), config, modules: defaultModules });
    log(`${job.name}: ${JSON.stringify(result)}`);
  } finally {
    await orm.close(true);
    await db.embedded?.stop();
  }
}

run(process.argv[2]).catch((err) => {
  process.stderr.write(`job failed: ${(err as Error).message}\n`);
  process.exit(1);
});
