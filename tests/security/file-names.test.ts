import { existsSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runGraftInProcess } from "../helpers/run-cli-in-process.js";
import { makeSandbox, sampleManifest } from "./sandbox.js";

describe("defect 7: a file name that is not UTF-8 never hides its folder", () => {
  it("plan, apply and verify refuse with a message naming the folder instead of skipping it", async () => {
    const box = makeSandbox();
    // Latin-1 "é": a name the file system holds but UTF-8 cannot spell.
    writeFileSync(Buffer.from(path.join(box.root, "src/old/caf\xe9.ts"), "latin1"), "export const c = 1;\n");
    const file = path.join(box.root, "graft.yaml");
    writeFileSync(file, sampleManifest());
    // The test helpers' snapshots cannot read such a name either: list the folder as bytes instead.
    const listing = () =>
      readdirSync(path.join(box.root, "src/old"), { encoding: "buffer" })
        .map((n) => n.toString("hex"))
        .sort();
    const before = listing();
    for (const args of [
      ["plan", file],
      ["apply", file, "--yes", "--allow-dirty", "--no-verify"],
      ["verify", file],
    ]) {
      const result = await runGraftInProcess(args);
      expect(result.code, `${args[0]}: ${result.stdout}${result.stderr}`).toBe(2);
      expect(result.stderr).toMatch(/src\/old: .*not valid UTF-8/);
      expect(result.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    }
    expect(listing()).toEqual(before);
    expect(existsSync(path.join(box.root, "src/new"))).toBe(false);
  });

  it("a folder the manifest excludes may hold such names", async () => {
    const box = makeSandbox();
    writeFileSync(Buffer.from(path.join(box.root, "README-caf\xe9.md"), "latin1"), "x\n");
    const file = path.join(box.root, "graft.yaml");
    writeFileSync(file, sampleManifest('exclude: ["README-caf*"]\n'));
    const result = await runGraftInProcess(["plan", file]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/2 files moved/);
  });
});
