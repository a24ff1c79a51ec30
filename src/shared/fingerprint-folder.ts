import { lstat, readdir, readFile, readlink } from "node:fs/promises";
import path from "node:path";
import { sha256Hex } from "./hash.js";

/** Fingerprint of every path under a folder (kind, mode, sha256 or link target), to prove a tree unchanged byte for byte. */
export async function fingerprintFolder(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string): Promise<void> => {
    const names = (await readdir(path.join(dir, rel))).sort();
    for (const name of names) {
      const childRel = rel ? `${rel}/${name}` : name;
      const abs = path.join(dir, childRel);
      const st = await lstat(abs);
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isSymbolicLink()) out[childRel] = `link ${await readlink(abs)}`;
      else if (st.isDirectory()) {
        out[childRel] = `dir ${mode}`;
        await walk(childRel);
      } else out[childRel] = `file ${mode} ${sha256Hex(await readFile(abs))}`;
    }
  };
  await walk("");
  return out;
}
