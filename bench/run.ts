// Runs every benchmark script in bench/ (each *.ts here except this runner), one after another,
// each in a process of its own. `npm run bench`; pass names to run a subset: `npm run bench -- job-queue`.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const scripts = readdirSync(here)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts')
  .filter((file) => only.length === 0 || only.includes(basename(file, '.ts')))
  .sort();

let failed = 0;
for (const script of scripts) {
  console.log(`\n=== bench/${script} ===\n`);
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, script)], {
    stdio: 'inherit',
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) {
    failed++;
    console.error(`bench/${script} failed (exit ${code ?? 'by signal'})`);
  }
}
if (scripts.length === 0) console.error('No benchmark matched.');
process.exitCode = failed > 0 || scripts.length === 0 ? 1 : 0;
