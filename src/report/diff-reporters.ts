import type { ChalkInstance } from "chalk";
import type { GithubOptions } from "./diff-ci.js";
import type { DiffResult } from "../equivalence/diff/diff-types.js";
import { renderDiffGithub, renderDiffJUnit } from "./diff-ci.js";
import { renderDiffJson } from "./diff-json.js";
import { renderDiffText } from "./diff-text.js";

/** Report forms of a table comparison, by name; each returns text and does no I/O. */
export const diffReporters: Record<
  "text" | "json" | "junit" | "github",
  (result: DiffResult, color: ChalkInstance, options?: GithubOptions) => string
> = {
  text: renderDiffText,
  json: renderDiffJson,
  junit: renderDiffJUnit,
  github: renderDiffGithub,
};
