import type { EquivReport, UnitResult } from "../equivalence/experiments/experiment-types.js";
import { describeFormula } from "../equivalence/diff/tolerance.js";
import { columnFactLines, describeValueErrors } from "./column-facts.js";
import { defaultMaxAnnotations, describeMismatch, diffAnnotations, type GithubOptions } from "./diff-ci.js";
import { summarizeEquiv } from "./equiv-text.js";
import { renderAnnotations, type Annotation } from "./github-annotations.js";
import { renderJUnitXml, type JUnitCase, type JUnitSuite } from "./junit-xml.js";

/** `graft equiv --junit`: a suite per experiment, a case per experiment × input × output (module: per experiment). */
export function renderEquivJUnit(report: EquivReport): string {
  const suites = new Map<string, JUnitSuite>();
  for (const unit of report.units) {
    const suite = suites.get(unit.experiment) ?? { name: unit.experiment, cases: [] };
    suites.set(unit.experiment, suite);
    suite.cases.push(...unitCases(unit));
  }
  return renderJUnitXml([...suites.values()], "graft equiv");
}

function unitCases(unit: UnitResult): JUnitCase[] {
  const classname = `graft.equiv.${unit.experiment}`;
  const seconds =
    ((unit.legacy?.wallMs.reduce((a, b) => a + b, 0) ?? 0) + (unit.migrated?.wallMs.reduce((a, b) => a + b, 0) ?? 0)) /
    1000;
  const prefix = unit.input === null ? "" : `${unit.input} → `;
  const stderr = Object.entries(unit.stderr)
    .map(([side, text]) => `${side} stderr:\n${text}`)
    .join("\n");
  if (unit.status === "error" && unit.outputs.length === 0) {
    return [
      {
        name: `${prefix}${unit.kind === "module" ? "return values" : "run"}`,
        classname,
        timeSeconds: seconds,
        error: { message: unit.message, detail: stderr || unit.message },
      },
    ];
  }
  const cases: JUnitCase[] = [];
  if (unit.kind === "module") {
    const mismatches = unit.cases?.mismatches ?? [];
    const detail = mismatches.flatMap((m) =>
      m.differences.map((d) => `case ${m.name}: ${d.path}: legacy ${d.legacy}, migrated ${d.migrated} (${d.reason})`),
    );
    cases.push({
      name: "return values",
      classname,
      timeSeconds: seconds,
      ...(unit.cases ? { output: describeValueErrors(unit.cases) } : {}),
      ...(mismatches.length > 0 ? { failure: { message: unit.message, detail: detail.join("\n") } } : {}),
    });
  }
  for (const output of unit.outputs) {
    const name = `${prefix}${output.file}`;
    if (output.error !== null)
      cases.push({
        name,
        classname,
        timeSeconds: seconds,
        error: { message: output.error, detail: stderr || output.error },
      });
    else if (!output.equal) {
      const detail = output.diff
        ? [
            output.diff.formula,
            ...output.diff.structure.map((p) => p.message),
            ...columnFactLines(output.diff),
            ...output.diff.mismatches.map(describeMismatch),
          ].join("\n")
        : "bytes differ";
      cases.push({
        name,
        classname,
        timeSeconds: seconds,
        ...(output.diff ? { output: columnFactLines(output.diff).join("\n") } : {}),
        failure: {
          message: `${output.file} differs: ${output.diff ? `${output.diff.mismatchCount} cell(s), ${output.diff.structure.length} structural problem(s)` : "bytes differ"}`,
          detail,
        },
      });
    } else
      cases.push({
        name,
        classname,
        timeSeconds: seconds,
        ...(output.diff ? { output: [output.diff.formula, ...columnFactLines(output.diff)].join("\n") } : {}),
      });
  }
  if (unit.performance) {
    cases.push({
      name: `${prefix}performance`,
      classname,
      timeSeconds: seconds,
      ...(unit.performance.passed
        ? {}
        : { failure: { message: unit.performance.note, detail: unit.performance.note } }),
    });
  }
  const noisy = (unit.jitter ?? []).filter((j) => j.isBelowJitter);
  if (unit.jitter !== null) {
    cases.push({
      name: `${prefix}calibration`,
      classname,
      ...(noisy.length > 0
        ? {
            failure: {
              message: `tolerance below legacy jitter in ${noisy.length} place(s)`,
              detail: noisy
                .map((j) => `${j.output}:${j.column} jitter abs ${j.jitterAbs} rel ${j.jitterRel}`)
                .join("\n"),
            },
          }
        : {}),
    });
  }
  return cases;
}

/**
 * `graft equiv --github`: for each unit that is not equal, its annotations (a compared file's at most N, pointing at
 * the unit's input), then one summary annotation with the counts.
 */
export function renderEquivGithub(report: EquivReport, _color?: unknown, options: GithubOptions = {}): string {
  const max = options.maxAnnotations ?? defaultMaxAnnotations;
  const annotations: Annotation[] = [];
  for (const unit of report.units) {
    if (unit.status === "equal") continue;
    const title = `graft equiv ${unit.id}`;
    const tableOutputs = unit.outputs.filter((o) => o.diff !== null && !o.equal);
    if (tableOutputs.length === 0)
      annotations.push({ level: "error", title, message: unit.message, ...(unit.input ? { file: unit.input } : {}) });
    for (const output of tableOutputs) {
      // The compared files lived in temp folders; point the annotations at the input instead.
      for (const a of diffAnnotations(output.diff!, title, max))
        annotations.push({
          level: a.level,
          ...(unit.input ? { file: unit.input } : {}),
          ...(a.title !== undefined ? { title: a.title } : {}),
          message: `${output.file}: ${a.message}`,
        });
    }
  }
  annotations.push(equivSummaryAnnotation(report));
  return renderAnnotations(annotations);
}

/** The summary annotation of an equivalence run: verdict, unit counts, cells and outputs that differ. */
export function equivSummaryAnnotation(report: EquivReport): Annotation {
  const outputs = report.units.flatMap((u) => u.outputs);
  const cells = outputs.reduce((n, o) => n + (o.diff?.mismatchCount ?? 0), 0);
  const differing = outputs.filter((o) => !o.equal).length;
  const counts = `${report.units.length} unit(s): ${countStatus(report, "equal")} equal, ${countStatus(report, "different")} different, ${countStatus(report, "error")} failed to run; ${differing} of ${outputs.length} output(s) differ, ${cells} mismatching cell(s)`;
  return {
    level: report.equal ? "notice" : "error",
    title: "graft equiv",
    message: `${summarizeEquiv(report)}; ${counts}; ${describeFormula(false)}`,
  };
}

function countStatus(report: EquivReport, status: UnitResult["status"]): number {
  return report.units.filter((u) => u.status === status).length;
}
