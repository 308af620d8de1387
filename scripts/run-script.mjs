#!/usr/bin/env node
// Runs one of this folder's TypeScript scripts, whichever way this installation can:
//
//   node scripts/run-script.mjs create-api-key --name …
//
// from source with tsx where tsx is installed (a development checkout after `npm ci`), otherwise the
// compiled dist/scripts/<name>.js (an installation with production dependencies only, such as the Docker
// image, which has no tsx). Plain JavaScript on purpose: it must run before anything is compiled.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [name, ...args] = process.argv.slice(2);
if (!name || !/^[a-z][a-z0-9-]*$/.test(name)) {
  console.error('usage: node scripts/run-script.mjs <script name> [arguments…]');
  process.exit(2);
}
const source = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
const compiled = fileURLToPath(new URL(`../dist/scripts/${name}.js`, import.meta.url));

// tsx's loader, found from this file as Node would find it; undefined when tsx is not installed.
let tsxLoader;
try {
  tsxLoader = import.meta.resolve('tsx');
} catch {
  tsxLoader = undefined;
}

let command;
if (tsxLoader && existsSync(source)) command = ['--import', tsxLoader, source];
else if (existsSync(compiled)) command = ['--enable-source-maps', compiled];
else {
  console.error(`cannot run ${name}: tsx is not installed (npm ci installs it) and ${compiled} is not built (npm run build)`);
  process.exit(1);
}

const result = spawnSync(process.execPath, [...command, ...args], { stdio: 'inherit' });
if (result.error) throw result.error;
// A child ended by a signal is reported the way a shell does: 128 + the signal's number.
process.exit(result.status ?? 128 + (result.signal === 'SIGINT' ? 2 : result.signal === 'SIGTERM' ? 15 : 1));
