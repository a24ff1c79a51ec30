import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isGraftTempName, tempPathFor, writeFileAtomic } from "../../../src/shared/atomic-write.js";
import { nodeFsPort } from "../../../src/shared/fs-port.js";

describe("writeFileAtomic", () => {
  it("gives the file exactly the requested mode, whatever the umask lets open(2) set", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "graft-atomic-"));
    for (const mode of [0o644, 0o755, 0o600, 0o666, 0o777, 0o640, 0o4755]) {
      const target = path.join(dir, `f${mode.toString(8)}`);
      writeFileSync(target, "old");
      await writeFileAtomic(nodeFsPort, target, `mode ${mode.toString(8)}`, mode, false);
      expect(statSync(target).mode & 0o7777, mode.toString(8)).toBe(mode);
      expect(readFileSync(target, "utf8")).toBe(`mode ${mode.toString(8)}`);
    }
    expect(readdirSync(dir).filter(isGraftTempName)).toEqual([]);
  });

  it("hands out distinct temp names in the target's folder, marked for the crash sweep", () => {
    const names = new Set(Array.from({ length: 1000 }, () => tempPathFor("/tree/src/a.ts")));
    expect(names.size).toBe(1000);
    for (const name of names) {
      expect(path.dirname(name)).toBe("/tree/src");
      expect(isGraftTempName(path.basename(name))).toBe(true);
    }
  });
});
