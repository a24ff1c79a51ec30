import { mkdirSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkGraftFolder } from "../../src/backup/check-graft-folder.js";
import { getLayout } from "../../src/backup/layout.js";
import { RefusedError } from "../../src/shared/errors.js";
import { nodeFsPort } from "../../src/shared/fs-port.js";

describe("defect 5: a .graft graft did not make for this user", () => {
  it("a .graft owned by another user is refused", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "graft-owner-"));
    mkdirSync(path.join(root, ".graft"));
    const uid = process.getuid?.() ?? 0;
    const foreign = {
      ...nodeFsPort,
      lstatIfExists: async (p: string) => {
        const stat = await nodeFsPort.lstatIfExists(p);
        return stat && Object.assign(stat, { uid: uid + 1 });
      },
    };
    const error = await checkGraftFolder(foreign, getLayout(root)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as Error).message).toMatch(/owned by/);
    await expect(checkGraftFolder(nodeFsPort, getLayout(root))).resolves.toBeUndefined();
  });
});
