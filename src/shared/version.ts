import { readFileSync } from "node:fs";

/** graft's version, read from its package.json (works from src/ under tsx and from dist/src/). */
export const graftVersion: string = readPackageVersion();

function readPackageVersion(): string {
  for (const rel of ["../../package.json", "../../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "graft" && pkg.version) return pkg.version;
    } catch {
      // try the next candidate
    }
  }
  return "0.0.0";
}
