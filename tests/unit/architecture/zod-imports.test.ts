import { readFileSync } from "node:fs";
import fg from "fast-glob";
import { expect, it } from "vitest";
import { repoRoot } from "../../helpers/copy-fixture.js";

// `import { z } from "zod"` hands the bundler zod's namespace object, which holds every one of its 60-odd locales:
// 550 kB more for every command to compile at start-up (about 40 ms). A namespace import whose members are read by
// name lets the bundle keep only what graft uses.
it("imports zod as a namespace, never its `z` export", () => {
  const offenders = fg
    .sync("src/**/*.ts", { cwd: repoRoot })
    .filter((file) =>
      /import\s+(type\s+)?\{[^}]*\bz\b[^}]*\}\s+from\s+["']zod["']/.test(readFileSync(`${repoRoot}/${file}`, "utf8")),
    );
  expect(offenders).toEqual([]);
});
