import { appendFileSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { discardStaged, performWrite, stageWrite } from "../../../src/apply/execute-action.js";
import type { TreeWrite } from "../../../src/apply/expand-actions.js";
import { sha256Hex } from "../../../src/shared/hash.js";
import { nodeFsPort } from "../../../src/shared/fs-port.js";

/** A folder with one file and the put-edited step that rewrites its first word. */
function makeEdit(): { root: string; action: TreeWrite } {
  const root = mkdtempSync(path.join(os.tmpdir(), "graft-staged-"));
  writeFileSync(path.join(root, "a.ts"), 'import "./old";\n');
  const edits = [{ start: 8, end: 13, text: "./new", kind: "test" }];
  const sha256 = sha256Hex(Buffer.from('import "./new";\n'));
  return { root, action: { type: "put-edited", from: "a.ts", to: "a.ts", edits, mode: 0o640, sha256 } };
}

describe("staged puts (a batch's first phase)", () => {
  it("writes the new content beside the target without touching it, and the commit renames it over with the mode", async () => {
    const { root, action } = makeEdit();
    const staged = await stageWrite(nodeFsPort, root, action);
    expect(staged).toBeDefined();
    expect(readFileSync(path.join(root, "a.ts"), "utf8")).toBe('import "./old";\n');
    expect(readFileSync(staged!.temp, "utf8")).toBe('import "./new";\n');
    await performWrite(nodeFsPort, root, action, false, staged);
    expect(readFileSync(path.join(root, "a.ts"), "utf8")).toBe('import "./new";\n');
    expect(statSync(path.join(root, "a.ts")).mode & 0o777).toBe(0o640);
    expect(readdirSync(root)).toEqual(["a.ts"]);
  });

  it("refuses the rename when the source was written after it was staged, and removes the temp file", async () => {
    const { root, action } = makeEdit();
    const staged = await stageWrite(nodeFsPort, root, action);
    appendFileSync(path.join(root, "a.ts"), "// saved by an editor meanwhile\n");
    await expect(performWrite(nodeFsPort, root, action, false, staged)).rejects.toThrow(
      "a.ts changed while the run was applying edits to it",
    );
    expect(readFileSync(path.join(root, "a.ts"), "utf8")).toBe('import "./old";\n// saved by an editor meanwhile\n');
    expect(readdirSync(root)).toEqual(["a.ts"]);
  });

  it("stages nothing for steps that only rename or remove, and discarding removes staged temp files", async () => {
    const { root, action } = makeEdit();
    expect(await stageWrite(nodeFsPort, root, { type: "remove", path: "a.ts" })).toBeUndefined();
    const staged = await stageWrite(nodeFsPort, root, action);
    await discardStaged(nodeFsPort, [staged!]);
    expect(readdirSync(root)).toEqual(["a.ts"]);
  });
});
