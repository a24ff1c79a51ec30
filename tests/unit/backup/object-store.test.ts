import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getLayout, getObjectPath } from "../../../src/backup/layout.js";
import {
  checkObject,
  getPackPath,
  hashBytes,
  listIndexedObjects,
  listObjects,
  loadObjectIndex,
  readObject,
  restoreObject,
  storeObject,
} from "../../../src/backup/object-store.js";
import { createPackWriter } from "../../../src/backup/pack-writer.js";
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
    expect(await storeObject(nodeFsPort, layout, sha, data)).toBe(true);
    expect(readFileSync(getObjectPath(layout, sha), "utf8")).toBe("original bytes\n");
  });

  it("reports a missing object", async () => {
    expect(await checkObject(nodeFsPort, await newStore(), "0".repeat(64))).toEqual({ kind: "missing" });
  });

  it("packs a batch into one file whose index locates every object; a crash before the index leaves nothing readable", async () => {
    const layout = await newStore();
    const index = await loadObjectIndex(nodeFsPort, layout);
    const blobs = ["alpha\n", "", "gamma".repeat(1000)].map((text) => Buffer.from(text));
    const pack = createPackWriter(nodeFsPort, layout, index);
    for (const blob of blobs) await pack.add(hashBytes(blob), blob);
    // Before finish: the pack has bytes but no index, so no reader sees its objects.
    expect(await listObjects(nodeFsPort, layout)).toEqual([]);
    const written = await pack.finish();
    expect(written.map((p) => path.basename(p))).toEqual([
      expect.stringMatching(/^pack-.*\.pack$/),
      expect.stringMatching(/^pack-.*\.idx$/),
    ]);
    const reloaded = await loadObjectIndex(nodeFsPort, layout);
    expect(listIndexedObjects(reloaded)).toEqual(blobs.map((b) => hashBytes(b)).sort());
    for (const blob of blobs) {
      const found = await readObject(nodeFsPort, layout, reloaded, hashBytes(blob));
      expect("bytes" in found && found.bytes.equals(blob)).toBe(true);
    }
    expect(statSync(written[0]!).mode & 0o777).toBe(0o444);
  });

  it("a corrupt packed copy is reported, and a later intact copy of the same object is used instead", async () => {
    const layout = await newStore();
    const data = Buffer.from("packed bytes\n");
    const sha = hashBytes(data);
    for (let i = 0; i < 2; i++) {
      const pack = createPackWriter(nodeFsPort, layout, await loadObjectIndex(nodeFsPort, layout));
      await pack.add(sha, data);
      await pack.finish();
    }
    const [first] = (await loadObjectIndex(nodeFsPort, layout)).packed.get(sha)!;
    const packFile = getPackPath(layout, first!.pack, ".pack");
    chmodSync(packFile, 0o644);
    writeFileSync(packFile, "PACKED bytes\n");
    const index = await loadObjectIndex(nodeFsPort, layout);
    expect(await checkObject(nodeFsPort, layout, sha, index)).toBeUndefined();
    const target = path.join(layout.root, "restored.txt");
    await restoreObject(nodeFsPort, layout, index, sha, target, 0o640, false);
    expect(readFileSync(target, "utf8")).toBe("packed bytes\n");
    expect(statSync(target).mode & 0o777).toBe(0o640);
    // With the second pack's index gone, only the damaged copy is left.
    unlinkSync(getPackPath(layout, index.packs[1]!, ".idx"));
    expect(await checkObject(nodeFsPort, layout, sha)).toEqual({
      kind: "corrupt",
      actual: hashBytes("PACKED bytes\n"),
    });
  });

  it("discard removes a pack a refused apply started", async () => {
    const layout = await newStore();
    const pack = createPackWriter(nodeFsPort, layout, await loadObjectIndex(nodeFsPort, layout));
    await pack.add(hashBytes("x"), Buffer.from("x"));
    await pack.discard();
    expect(readdirSync(layout.objects)).toEqual([]);
  });
});
