// One of the processes `npm test` runs the test files in (test/helpers/shards.ts).
import { runShard } from '../helpers/shards.js';

await runShard(import.meta);
