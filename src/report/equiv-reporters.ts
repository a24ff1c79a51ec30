import type { ChalkInstance } from "chalk";
import type { GithubOptions } from "./diff-ci.js";
import type { EquivReport } from "../equivalence/experiments/experiment-types.js";
import { renderEquivGithub, renderEquivJUnit } from "./equiv-ci.js";
import { renderEquivText } from "./equiv-text.js";

/** `graft equiv --json`: the report as data (non-finite numbers become null). */
export function renderEquivJson(report: EquivReport): string {
  return JSON.stringify(report, null, 2) + "\n";
}

/** Report forms of an equivalence run, by name; each returns text and does no I/O. */
export const equivReporters: Record<
  "text" | "json" | "junit" | "github",
  (report: EquivReport, color: ChalkInstance, options?: GithubOptions) => string
> = {
  text: renderEquivText,
  json: renderEquivJson,
  junit: renderEquivJUnit,
  github: renderEquivGithub,
};
