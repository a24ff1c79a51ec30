import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import path from "node:path";

/** A fingerprint of every path under `dir` (kind, mode, content hash or link target), for "nothing was written" checks. */
export function fingerprintTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const childRel = rel ? `${rel}/${name}` : name;
      const abs = path.join(dir, childRel);
      const st = lstatSync(abs);
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isSymbolicLink()) out[childRel] = `link ${readlinkSync(abs)}`;
      else if (st.isDirectory()) {
        out[childRel] = `dir ${mode}`;
        walk(childRel);
      } else out[childRel] = `file ${mode} ${createHash("sha256").update(readFileSync(abs)).digest("hex")}`;
    }
  };
  walk("");
  return out;
}
