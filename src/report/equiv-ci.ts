import type { EquivReport, UnitResult } from "../equivalence/experiments/experiment-types.js";
import { describeFormula } from "../equivalence/diff/tolerance.js";
import { diffAnnotations } from "./diff-ci.js";
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
            ...output.diff.mismatches.map(
              (m) => `row ${m.row}, ${m.column}: legacy ${m.legacy}, migrated ${m.migrated} (${m.kind})`,
            ),
          ].join("\n")
        : "bytes differ";
      cases.push({
        name,
        classname,
        timeSeconds: seconds,
        failure: {
          message: `${output.file} differs: ${output.diff ? `${output.diff.mismatchCount} cell(s), ${output.diff.structure.length} structural problem(s)` : "bytes differ"}`,
          detail,
        },
      });
    } else cases.push({ name, classname, timeSeconds: seconds });
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

/** `graft equiv --github`: an ::error per failing unit or output, a ::notice when all are equal. */
export function renderEquivGithub(report: EquivReport): string {
  const annotations: Annotation[] = [];
  for (const unit of report.units) {
    if (unit.status === "equal") continue;
    const title = `graft equiv ${unit.id}`;
    const tableOutputs = unit.outputs.filter((o) => o.diff !== null && !o.equal);
    if (tableOutputs.length === 0)
      annotations.push({ level: "error", title, message: unit.message, ...(unit.input ? { file: unit.input } : {}) });
    for (const output of tableOutputs) {
      // The compared files lived in temp folders; point the annotations at the input instead.
      for (const a of diffAnnotations(output.diff!, title))
        annotations.push({
          ...a,
          file: unit.input ?? undefined,
          line: undefined,
          message: `${output.file}: ${a.message}`,
        });
    }
  }
  if (report.equal)
    annotations.push({
      level: "notice",
      title: "graft equiv",
      message: `all ${report.units.length} unit(s) equal; ${describeFormula(false)}`,
    });
  return renderAnnotations(
    annotations.map(
      (a) => Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as unknown as Annotation,
    ),
  );
}
