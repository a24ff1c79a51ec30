import type { DiffResult } from "../equivalence/diff/diff-types.js";
import { describeCellPlace, describeTolerance, describeWorst } from "./column-facts.js";
import { renderAnnotations, type Annotation } from "./github-annotations.js";
import { renderJUnitXml, type JUnitCase, type JUnitSuite } from "./junit-xml.js";
import { summarizeDiff } from "./diff-text.js";

/** How many annotations one compared file gets at most, unless asked otherwise. */
export const defaultMaxAnnotations = 10;

/** Options of the GitHub form. */
export interface GithubOptions {
  /** Annotations per compared file at most (the summary annotation comes on top). */
  maxAnnotations?: number;
}

/** JUnit test cases of one comparison: "structure", then one per compared column, each stating its tolerance and worst errors. */
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
    const facts = `${describeTolerance(stats)}; ${describeWorst(stats)}`;
    cases.push({
      name: `${prefix}column ${column}`,
      classname,
      output: `${stats.compared} cell(s) compared, ${stats.mismatches} differ; ${facts}; ${result.formula}`,
      ...(stats.mismatches > 0
        ? {
            failure: {
              message: `${stats.mismatches} of ${stats.compared} cells differ; ${facts}`,
              detail: [result.formula, ...listed.map(describeMismatch)].join("\n"),
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

/**
 * GitHub annotations of one comparison, pointing at the migrated file: its structural problems, then its mismatching
 * cells, `max` at most (a flood of one per cell helps nobody; the summary annotation has the counts).
 */
export function diffAnnotations(result: DiffResult, title = "graft diff", max = defaultMaxAnnotations): Annotation[] {
  const annotations: Annotation[] = result.structure.map((p) => ({
    level: "error",
    file: result.migrated.path,
    title,
    message: p.message,
  }));
  for (const m of result.mismatches) {
    const stats = result.columns[m.column];
    annotations.push({
      level: "error",
      file: result.migrated.path,
      line: m.migratedLine,
      title: `${title}: column ${m.column}`,
      message: `${describeMismatch(m)}; ${stats ? describeTolerance(stats) : ""}`.replace(/; $/, ""),
    });
  }
  return annotations.slice(0, max);
}

/** The one summary annotation of a comparison: the verdict with its counts, and each differing column's tolerance and worst errors. */
export function diffSummaryAnnotation(result: DiffResult, title = "graft diff"): Annotation {
  const differing = Object.entries(result.columns).filter(([, s]) => s.mismatches > 0);
  const columns = differing.map(
    ([name, s]) => `${name} (${s.mismatches}; ${describeTolerance(s)}; ${describeWorst(s)})`,
  );
  return {
    level: result.equal ? "notice" : "error",
    title,
    message: `${summarizeDiff(result)}${columns.length > 0 ? `; ${columns.join("; ")}` : ""}; ${result.migrated.path}`,
  };
}

/** `graft diff --github`: at most N annotations for the file, then the summary annotation. */
export function renderDiffGithub(result: DiffResult, _color?: unknown, options: GithubOptions = {}): string {
  return renderAnnotations([
    ...diffAnnotations(result, "graft diff", options.maxAnnotations),
    diffSummaryAnnotation(result),
  ]);
}

/** One mismatching cell in words: where, the two values, and the errors. */
export function describeMismatch(m: DiffResult["mismatches"][number]): string {
  const errors = m.absError === null ? m.kind : `abs err ${m.absError}, rel err ${m.relError ?? "inf"}`;
  return `${describeCellPlace(m)}, column ${m.column}: legacy ${JSON.stringify(m.legacy)} vs migrated ${JSON.stringify(m.migrated)} (${errors})`;
}
