import { buildApp } from '../src/app.js';
import { openDatabase } from '../src/db/connection.js';
const database = await openDatabase({});
const app = await buildApp({ config: { bodyLimit: 1e6, requestTimeoutMs: 1000 }, database });
await app.ready();
console.log(app.printRoutes({ commonPrefix: false }));
await app.close(); await database.close();
