// tap's `before` script (.taprc): makes the migrated template database the test files start from, once,
// before any test file runs, instead of letting the first few files that start together each build it.
// Nothing happens when the template of the current migrations already exists.
import { ensurePgliteTemplate, ensurePostgresTemplate } from './templates.js';

const serverUrl = process.env.DATABASE_URL;
if (serverUrl) await ensurePostgresTemplate(serverUrl);
else await ensurePgliteTemplate();
