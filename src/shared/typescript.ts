import { createRequire } from "node:module";
import type * as TS from "typescript";

const require = createRequire(import.meta.url);

/** The TypeScript compiler API, loaded on first use through require: ESM-importing its 9 MB CommonJS bundle costs over twice as long, and most commands never need it. */
export function loadTypeScript(): typeof TS {
  return require("typescript") as typeof TS;
}
