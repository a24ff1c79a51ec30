import { chmodSync, closeSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { getLayout, getObjectPath } from "../../src/backup/layout.js";
import { getPackPath, listObjects, loadObjectIndex } from "../../src/backup/object-store.js";
import { nodeFsPort } from "../../src/shared/fs-port.js";

/** Every object name in the store under `root` (loose or packed). */
export async function listStoredObjects(root: string): Promise<string[]> {
  return listObjects(nodeFsPort, getLayout(root));
}

/** Overwrites the start of every stored copy of object `sha256` with `bytes` (bit rot, same length where it fits). */
export async function corruptObject(root: string, sha256: string, bytes = "x"): Promise<void> {
  const layout = getLayout(root);
  const index = await loadObjectIndex(nodeFsPort, layout);
  const places: { file: string; offset: number }[] = [];
  if (index.loose.has(sha256)) places.push({ file: getObjectPath(layout, sha256), offset: 0 });
  for (const copy of index.packed.get(sha256) ?? [])
    places.push({ file: getPackPath(layout, copy.pack, ".pack"), offset: copy.offset });
  if (places.length === 0) throw new Error(`no stored copy of ${sha256}`);
  for (const { file, offset } of places) {
    chmodSync(file, 0o644);
    const fd = openSync(file, "r+");
    writeSync(fd, Buffer.from(bytes), 0, Buffer.byteLength(bytes), offset);
    closeSync(fd);
  }
}

/** Makes object `sha256` missing: deletes a loose copy and drops it from every pack's index. */
export async function removeObject(root: string, sha256: string): Promise<void> {
  const layout = getLayout(root);
  const index = await loadObjectIndex(nodeFsPort, layout);
  if (index.loose.has(sha256)) rmSync(getObjectPath(layout, sha256));
  for (const pack of new Set((index.packed.get(sha256) ?? []).map((copy) => copy.pack))) {
    const file = getPackPath(layout, pack, ".idx");
    const parsed = JSON.parse(readFileSync(file, "utf8")) as { objects: [string, number, number][] };
    parsed.objects = parsed.objects.filter(([sha]) => sha !== sha256);
    chmodSync(file, 0o644);
    writeFileSync(file, JSON.stringify(parsed));
  }
}
