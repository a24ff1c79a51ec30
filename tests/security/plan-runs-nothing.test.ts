import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runGraftInProcess } from "../helpers/run-cli-in-process.js";
import { makeSandbox, sampleManifest } from "./sandbox.js";

describe("promise 4: validate and plan run none of the commands a manifest names", () => {
  it("verify commands and experiments leave no trace on validate and plan; apply does run verify commands", async () => {
    const box = makeSandbox();
    const marker = (name: string) => path.join(box.box, `ran-${name}`);
    const file = path.join(box.root, "graft.yaml");
    writeFileSync(
      file,
      sampleManifest(`verify:
  commands: ["touch ${marker("verify")}"]
equivalence:
  - name: e
    legacy: { run: "touch ${marker("legacy")}" }
    migrated: { run: "touch ${marker("migrated")}" }
    outputs: [{ file: out.csv }]
`),
    );
    for (const args of [
      ["validate", file],
      ["plan", file],
      ["plan", file, "--json"],
      ["classify", file],
    ]) {
      const result = await runGraftInProcess(args);
      expect(result.code, result.stderr).toBe(0);
    }
    for (const name of ["verify", "legacy", "migrated"]) expect(existsSync(marker(name)), name).toBe(false);
    // The same manifest applied does run its verify command: the markers above would have shown it.
    const applied = await runGraftInProcess(["apply", file, "--yes", "--allow-dirty"]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(existsSync(marker("verify"))).toBe(true);
  });
});
