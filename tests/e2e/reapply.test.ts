import { describe, expect, it } from "vitest";
import path from "node:path";
import { fingerprintFolder } from "../../src/shared/fingerprint-folder.js";
import { copyFixture } from "../helpers/copy-fixture.js";
import { runGraft } from "../helpers/run-cli.js";

describe("applying a manifest a second time", () => {
  it("says which run already applied it, exits 0 and writes nothing", async () => {
    const dir = await copyFixture("consolidation");
    const manifest = path.join(dir, "graft-resolved.yaml");
    const first = runGraft(["apply", manifest, "--yes", "--json"]);
    expect(first.code, first.stderr).toBe(0);
    const { id } = JSON.parse(first.stdout) as { id: string };
    const before = await fingerprintFolder(dir);

    const again = runGraft(["apply", manifest, "--yes"]);
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`already applied in run ${id}; nothing to do\n`);
    expect(await fingerprintFolder(dir)).toEqual(before);

    // Once rolled back, the manifest applies again (and a changed manifest is not taken for the applied one).
    expect(runGraft(["rollback", id, "--yes", "--root", path.join(dir, "tree")]).code).toBe(0);
    expect(runGraft(["apply", manifest, "--yes"]).code).toBe(0);
  }, 120_000);
});
