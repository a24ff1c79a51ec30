/** Reads the JUnit XML that vitest, mocha (xunit) and pytest write: one status per test case. */
import { existsSync, readFileSync } from "node:fs";

/** Outcome of one test case. */
export type CaseStatus = "passed" | "failed" | "skipped";

/** Test cases by id (`suite › classname › name`), and the suite files that failed to load. */
export interface SuiteResult {
  cases: Map<string, CaseStatus>;
  /** Failure messages of failed cases, by id (first line only). */
  messages: Map<string, string>;
}

const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const decode = (text: string): string =>
  text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (all, name: string) =>
    name[0] === "#"
      ? String.fromCodePoint(Number.parseInt(name.slice(name[1] === "x" ? 2 : 1), name[1] === "x" ? 16 : 10))
      : (entities[name] ?? all),
  );

const attribute = (tag: string, name: string): string => {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? decode(match[1]!) : "";
};

/** Parses one JUnit file; `prefix` names the suite so ids stay unique across a repository's suites. */
export function readJunit(file: string, prefix: string): SuiteResult {
  const result: SuiteResult = { cases: new Map(), messages: new Map() };
  if (!existsSync(file)) return result;
  const xml = readFileSync(file, "utf8");
  const pattern = /<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g;
  for (let match = pattern.exec(xml); match; match = pattern.exec(xml)) {
    const tag = match[1]!;
    const body = match[3] ?? "";
    const id = `${prefix} › ${attribute(tag, "classname")} › ${attribute(tag, "name")}`;
    const failed = /<(failure|error)\b/.exec(body);
    const status: CaseStatus = failed ? "failed" : /<skipped\b/.test(body) ? "skipped" : "passed";
    // Parametrised cases can repeat an id; a failure wins.
    if (result.cases.get(id) !== "failed") result.cases.set(id, status);
    if (failed) {
      const message = /message="([^"]*)"/.exec(body.slice(failed.index));
      result.messages.set(id, decode(message?.[1] ?? body.slice(failed.index, failed.index + 300)).split("\n")[0]!);
    }
  }
  return result;
}

/** Counts of a set of cases. */
export function countCases(cases: Map<string, CaseStatus>): { passed: number; failed: number; skipped: number } {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const status of cases.values()) counts[status]++;
  return counts;
}
