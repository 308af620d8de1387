// `npm run soak -- --minutes N --connections C`: the soak of docs/reliability.md. Exits 0 when every check
// held (0 lost, 0 phantom), 1 when one failed, 2 for a usage mistake.
import path from 'node:path';
import { parseOptions, USAGE, UsageError } from './options.js';
import { runSoak } from './soak.js';

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const root = path.resolve(import.meta.dirname, '..', '..');
  const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(argv, process.env, root, log);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
  const result = await runSoak(options);
  console.log(`\n${result.report}\n\nhistory, report and logs: ${result.runDir}`);
  return result.passed ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
