// The command line of `npm run soak -- …` (docs/reliability.md).
import path from 'node:path';
import { FAULTS, type FaultName } from './faults.js';
import type { SoakOptions } from './soak.js';

export const USAGE = `npm run soak -- [options]
  --minutes N            how long the workload runs (default 5)
  --connections C        client connections, one worker each (default 50)
  --faults LIST          comma-separated, or "none" (default all: ${FAULTS.join(',')})
  --rate-limit N         RATE_LIMIT_PER_MINUTE of the service, per key (default 1200, the service's own);
                         the burst sends 10% more from one key
  --seed N               seed of the workload's choices (default: from the clock, printed)
  --run-dir DIR          where the history, report and logs go (default soak-results/<time>)
  --restart-command CMD  how to restart the PostgreSQL of DATABASE_URL, e.g.
                         "pg_ctlcluster --skip-systemctl-redirect 15 main restart" (without it that fault is skipped)
  --restart-mode MODE    fast (default) or immediate: how the private cluster is restarted
  --tsx                  run the service from the TypeScript sources instead of building dist/
  --no-build             use dist/ as it is
  --keep                 keep the cluster or database afterwards
Without DATABASE_URL the soak makes a private PostgreSQL cluster (initdb in a temporary directory, binaries
in PG_BIN or /usr/lib/postgresql/15/bin). With it, the soak makes its own database on that server.`;

export class UsageError extends Error {}

function positive(name: string, raw: string | undefined, integer: boolean): number {
  const value = Number(raw);
  if (raw === undefined || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new UsageError(`${name} needs a positive ${integer ? 'integer' : 'number'}, got "${raw ?? ''}"`);
  }
  return value;
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv, root: string, log: (line: string) => void): SoakOptions {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const options: SoakOptions = {
    minutes: 5,
    connections: 50,
    faults: FAULTS,
    runDir: path.join(root, 'soak-results', stamp),
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    restartMode: 'fast',
    rateLimitPerMinute: 1200,
    seed: Date.now() % 1_000_000,
    keep: false,
    mode: 'dist',
    build: true,
    root,
    requestTimeoutMs: 90_000,
    log,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--minutes':
        options.minutes = positive(arg, value(), false);
        break;
      case '--connections':
        options.connections = positive(arg, value(), true);
        break;
      case '--faults': {
        const raw = value();
        const names = raw === 'none' ? [] : raw.split(',').map((f) => f.trim());
        const unknown = names.filter((n) => !(FAULTS as readonly string[]).includes(n));
        if (unknown.length) throw new UsageError(`unknown fault(s) ${unknown.join(', ')}; known: ${FAULTS.join(', ')}`);
        options.faults = names as FaultName[];
        break;
      }
      case '--rate-limit':
        options.rateLimitPerMinute = positive(arg, value(), true);
        break;
      case '--seed':
        options.seed = positive(arg, value(), true);
        break;
      case '--run-dir':
        options.runDir = path.resolve(value());
        break;
      case '--restart-command':
        options.restartCommand = value();
        break;
      case '--restart-mode': {
        const mode = value();
        if (mode !== 'fast' && mode !== 'immediate') throw new UsageError('--restart-mode is fast or immediate');
        options.restartMode = mode;
        break;
      }
      case '--tsx':
        options.mode = 'tsx';
        break;
      case '--no-build':
        options.build = false;
        break;
      case '--keep':
        options.keep = true;
        break;
      default:
        throw new UsageError(`unknown option ${arg}`);
    }
  }
  if (options.restartCommand && !options.databaseUrl) throw new UsageError('--restart-command is for the server of DATABASE_URL');
  return options;
}
