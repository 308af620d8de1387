import { buildApp } from '../src/app.js';
import { openDatabase } from '../src/db/connection.js';

/** The OpenAPI document exactly as the running service serves it at /openapi.json, pretty-printed. */
export async function renderOpenApi(): Promise<string> {
  // The document comes from route schemas only; an empty in-memory database satisfies the app's wiring.
  const database = await openDatabase({});
  const app = await buildApp({ config: { bodyLimit: 1024 * 1024, requestTimeoutMs: 1000 }, database });
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
    await database.close();
  }
}
