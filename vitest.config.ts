import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Run records are signed with a per-user key; every test run keeps it in a temp folder, never the home folder.
    setupFiles: ["tests/helpers/isolate-state.ts"],
  },
});
