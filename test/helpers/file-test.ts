// The test a test file adds its tests to. Run on its own (`npx tap test/sync/changes.test.ts`), a file's
// tests go on tap's root test, as in any tap file. Run by `npm test`, the files are imported a few at a time
// into shared processes (test/shards/): each file then gets a subtest of its own, named by its path, so its
// tests, hooks and teardowns (closing its app and database) stay within that subtest and end with it.
//
// Every test file starts with `const t = fileTest(import.meta);` after its imports.

import tap, { type Test } from 'tap';

/** The file a shard is importing now, and the subtest its tests go on. */
let loading: { url: string; test: Test } | undefined;

export function fileTest(meta: ImportMeta): Test {
  if (!loading) return tap;
  if (meta.url !== loading.url) throw new Error(`${meta.url} asked for its test while ${loading.url} was being loaded: a test file must not import another`);
  return loading.test;
}

/** Runs the test file at `url` as a subtest of `parent` named `name`; its tests end before this resolves. */
export function runFile(parent: Test, name: string, url: string): Promise<unknown> {
  return parent.test(name, async (t) => {
    loading = { url, test: t };
    try {
      await import(url);
    } finally {
      loading = undefined;
    }
  });
}
