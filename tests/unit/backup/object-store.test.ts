import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getLayout, getObjectPath } from "../../../src/backup/layout.js";
import { checkObject, hashBytes, listObjects, storeObject } from "../../../src/backup/object-store.js";
import { nodeFsPort } from "../../../src/shared/fs-port.js";

const newStore = async () => {
  const layout = getLayout(mkdtempSync(path.join(os.tmpdir(), "graft-store-")));
  await nodeFsPort.mkdir(layout.objects, { recursive: true });
  return layout;
};

describe("object store", () => {
  it("stores read-only objects named by sha256 and deduplicates", async () => {
    const layout = await newStore();
    const data = Buffer.from("hello\n");
    const sha = hashBytes(data);
    expect(await storeObject(nodeFsPort, layout, sha, data)).toBe(true);
    expect(await storeObject(nodeFsPort, layout, sha, data)).toBe(false);
    expect(await listObjects(nodeFsPort, layout)).toEqual([sha]);
    expect(statSync(getObjectPath(layout, sha)).mode & 0o777).toBe(0o444);
    expect(await checkObject(nodeFsPort, layout, sha)).toBeUndefined();
  });

  it("replaces a damaged object with good bytes instead of trusting it for a new run", async () => {
    const layout = await newStore();
    const data = Buffer.from("original bytes\n");
    const sha = hashBytes(data);
    await storeObject(nodeFsPort, layout, sha, data);
    chmodSync(getObjectPath(layout, sha), 0o644);
    writeFileSync(getObjectPath(layout, sha), "rotten");
    expect(await checkObject(nodeFsPort, layout, sha)).toEqual({ kind: "corrupt", actual: hashBytes("rotten") });
    expect(await storeObject(nodeFsPort, layout, sha, data, { known: new Set([sha]) })).toBe(true);
    expect(readFileSync(getObjectPath(layout, sha), "utf8")).toBe("original bytes\n");
  });

  it("reports a missing object", async () => {
    expect(await checkObject(nodeFsPort, await newStore(), "0".repeat(64))).toEqual({ kind: "missing" });
  });
});
