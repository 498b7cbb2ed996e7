import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Builds dist/ when it is missing or stale: CLI tests run the built `node bin/qingxi.js`.
    globalSetup: ['tests/global-setup.ts'],
    // End-to-end tests run the built CLI over whole corpora; give them room on a shared 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The user-level cache (src/cache/user-cache.ts) of test runs: not the developer's own.
    env: { QINGXI_CACHE_DIR: path.join(os.tmpdir(), 'qingxi-test-cache') },
  },
});
