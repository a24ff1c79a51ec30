import type { DiffResult } from "../equivalence/diff/diff-types.js";
import { renderAnnotations, type Annotation } from "./github-annotations.js";
import { renderJUnitXml, type JUnitCase, type JUnitSuite } from "./junit-xml.js";
import { summarizeDiff } from "./diff-text.js";

/** JUnit test cases of one comparison: "structure", then one per compared column. */
export function diffJUnitCases(result: DiffResult, classname: string, prefix = ""): JUnitCase[] {
  const cases: JUnitCase[] = [];
  cases.push({
    name: `${prefix}structure`,
    classname,
    ...(result.structure.length > 0
      ? {
          failure: {
            message: result.structure.map((p) => p.message).join("; "),
            detail: result.structure.map((p) => p.message).join("\n"),
          },
        }
      : {}),
  });
  for (const [column, stats] of Object.entries(result.columns)) {
    const listed = result.mismatches.filter((m) => m.column === column);
    cases.push({
      name: `${prefix}column ${column}`,
      classname,
      ...(stats.mismatches > 0
        ? {
            failure: {
              message: `${stats.mismatches} of ${stats.compared} cells differ; max abs err ${stats.maxAbsError} at row ${stats.maxAbsAt}, max rel err ${stats.maxRelError} at row ${stats.maxRelAt}`,
              detail: [
                result.formula,
                `rtol=${stats.rtol} atol=${stats.atol}${stats.exact ? " (exact)" : ""}`,
                ...listed.map(describeMismatch),
              ].join("\n"),
            },
          }
        : {}),
    });
  }
  return cases;
}

/** `graft diff --junit`: one suite, a case for the structure and one per column. */
export function renderDiffJUnit(result: DiffResult): string {
  const suite: JUnitSuite = {
    name: `graft diff ${result.legacy.path} vs ${result.migrated.path}`,
    cases: diffJUnitCases(result, "graft.diff"),
  };
  return renderJUnitXml([suite], "graft diff");
}

/** GitHub annotations of one comparison, pointing at the migrated file. */
export function diffAnnotations(result: DiffResult, title = "graft diff"): Annotation[] {
  const annotations: Annotation[] = result.structure.map((p) => ({
    level: "error",
    file: result.migrated.path,
    title,
    message: p.message,
  }));
  for (const m of result.mismatches) {
    annotations.push({
      level: "error",
      file: result.migrated.path,
      line: m.migratedLine,
      title: `${title}: column ${m.column}`,
      message: describeMismatch(m),
    });
  }
  if (result.mismatchCount > result.mismatches.length) {
    annotations.push({
      level: "error",
      file: result.migrated.path,
      title,
      message: `${result.mismatchCount - result.mismatches.length} more mismatching cells not listed`,
    });
  }
  if (result.equal) annotations.push({ level: "notice", title, message: summarizeDiff(result) });
  return annotations;
}

/** `graft diff --github`: workflow command lines. */
export function renderDiffGithub(result: DiffResult): string {
  return renderAnnotations(diffAnnotations(result));
}

function describeMismatch(m: DiffResult["mismatches"][number]): string {
  const where =
    m.key === null
      ? `row ${m.row}`
      : `key ${Object.entries(m.key)
          .map(([k, v]) => `${k}=${v}`)
          .join(",")}`;
  const errors = m.absError === null ? m.kind : `abs err ${m.absError}, rel err ${m.relError ?? "inf"}`;
  return `${where}, column ${m.column}: legacy ${JSON.stringify(m.legacy)} vs migrated ${JSON.stringify(m.migrated)} (${errors})`;
}
