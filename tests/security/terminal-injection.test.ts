import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runGraftInProcess } from "../helpers/run-cli-in-process.js";
import { makeSandbox, sampleManifest } from "./sandbox.js";

// What could make a terminal show something other than what graft said: carriage return, ESC (CSI and OSC
// sequences), the C1 CSI, Unicode line separators and bidirectional overrides.
const raw = /[\r\x1b\x07\x9b\u2028\u2029\u202e]/;

function expectNoControl(output: string): void {
  expect(output).not.toMatch(raw);
}

describe("defect 13: control characters in inputs are escaped in every message", () => {
  it("a manifest value echoed in an error cannot rewrite the line (exit 2 stays visible)", async () => {
    const box = makeSandbox();
    const file = path.join(box.root, "graft.yaml");
    // An unknown key is named in the error, and a value of the wrong type is quoted in it.
    for (const text of [
      'version: 1\nname: t\n"e[2K\rvalid\u2028": 1\n',
      'version: 1\nname: t\nmoves: "\u2028\x9b2Ke[1A\rgraft.yaml: valid"\n',
    ]) {
      writeFileSync(file, text);
      const result = await runGraftInProcess(["validate", file]);
      expect(result.code).toBe(2);
      expectNoControl(result.stderr);
      expect(result.stderr).toContain("\\u2028");
      expect(result.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    }
  });

  it("file names in a plan, as text and as JSON", async () => {
    const box = makeSandbox();
    mkdirSync(path.join(box.root, "src/old"), { recursive: true });
    writeFileSync(path.join(box.root, "src/old/evil\x1b[2K\r\u202ename\u2028.ts"), "export {};\n");
    const file = path.join(box.root, "graft.yaml");
    writeFileSync(file, sampleManifest());
    const text = await runGraftInProcess(["plan", file]);
    expect(text.code, text.stderr).toBe(0);
    expectNoControl(text.stdout);
    expect(text.stdout).toContain("evil\\u001b[2K\\u000d\\u202ename\\u2028.ts");
    const json = await runGraftInProcess(["plan", file, "--json"]);
    expectNoControl(json.stdout);
    expect(JSON.stringify(JSON.parse(json.stdout))).toContain("evil\\u001b[2K\\r\u202ename\u2028.ts");
  });

  it("names in a manifest's `name` field and in commander's own errors", async () => {
    const box = makeSandbox();
    const file = path.join(box.root, "graft.yaml");
    writeFileSync(file, sampleManifest().replace("name: sample", 'name: "ok\\e]0;owned\\a\\rvalid"'));
    const plan = await runGraftInProcess(["plan", file]);
    expectNoControl(plan.stdout);
    const unknown = await runGraftInProcess(["plan", file, "--x\x1b[2K\r"]);
    expect(unknown.code).toBe(2);
    expectNoControl(unknown.stderr);
  });

  it("cells of a table given to diff", async () => {
    const box = makeSandbox();
    writeFileSync(path.join(box.root, "a.csv"), "k,v\n1,\x1b[2Kfine\r\n");
    writeFileSync(path.join(box.root, "b.csv"), "k,v\n1,\x1b[8mhidden\u202e\n");
    const result = await runGraftInProcess(["diff", "a.csv", "b.csv"], { cwd: box.root });
    expect(result.code).toBe(1);
    expectNoControl(result.stdout + result.stderr);
  });
});
