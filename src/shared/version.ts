import { readFileSync } from "node:fs";
import path from "node:path";
import { findPackageRoot } from "./package-root.js";

/** graft's version, read from its package.json (works from src/ under tsx and from dist/src/). */
export const graftVersion: string = (
  JSON.parse(readFileSync(path.join(findPackageRoot(), "package.json"), "utf8")) as { version: string }
).version;
