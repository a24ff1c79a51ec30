import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** graft's own package folder (holds fixtures/, manifests/, codemods/), found from this module whether it runs from src/ or dist/src/. */
export function findPackageRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "graft") return dir;
    if (path.dirname(dir) === dir) throw new Error(`graft's package.json not found above ${from}`);
  }
}
