import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderOpenApi } from './openapi-document.js';

const target = fileURLToPath(new URL('../openapi/openapi.json', import.meta.url));
writeFileSync(target, await renderOpenApi());
console.log(`wrote ${target}`);
