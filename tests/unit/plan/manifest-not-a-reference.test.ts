import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadManifest, planMigration } from "../../../src/index.js";

describe("the manifest inside its own root", () => {
  it("is neither rewritten nor listed as a text reference", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "graft-self-ref-"));
    await mkdir(path.join(root, "pkg/old"), { recursive: true });
    await writeFile(path.join(root, "pkg/__init__.py"), "");
    await writeFile(path.join(root, "pkg/old/__init__.py"), "");
    await writeFile(path.join(root, "settings.yaml"), "module: pkg.old\n");
    const manifestFile = path.join(root, "graft.yaml");
    await writeFile(
      manifestFile,
      "version: 1\nname: self\nroot: .\nmoves:\n  - { from: pkg/old, to: pkg/new }\nreferences:\n  rewrite: ['**/*.yaml']\n",
    );
    const plan = await planMigration(await loadManifest(manifestFile));
    const edited = plan.operations.filter((op) => op.op === "edit").map((op) => (op as { path: string }).path);
    expect(edited).toEqual(["settings.yaml"]);
    expect(plan.reported.map((r) => r.path)).not.toContain("graft.yaml");
  });
});
