/** One JUnit test case; a failure or error carries a one-line message and a detail body. */
export interface JUnitCase {
  name: string;
  classname: string;
  timeSeconds?: number;
  failure?: { message: string; detail: string };
  error?: { message: string; detail: string };
  skipped?: string;
  /** Facts worth reading even when the case passed (tolerances, worst errors): the case's `<system-out>`. */
  output?: string;
}

/** One JUnit test suite. */
export interface JUnitSuite {
  name: string;
  cases: JUnitCase[];
  timeSeconds?: number;
}

/** Renders suites as JUnit XML (the schema Jenkins, GitLab and GitHub test reporters read). */
export function renderJUnitXml(suites: JUnitSuite[], name = "graft"): string {
  const count = (pick: (c: JUnitCase) => unknown): number =>
    suites.reduce((n, s) => n + s.cases.filter(pick).length, 0);
  const tests = suites.reduce((n, s) => n + s.cases.length, 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(name)}" tests="${tests}" failures="${count((c) => c.failure)}" errors="${count((c) => c.error)}" skipped="${count((c) => c.skipped !== undefined)}">`,
  ];
  for (const suite of suites) {
    const failures = suite.cases.filter((c) => c.failure).length;
    const errors = suite.cases.filter((c) => c.error).length;
    const skipped = suite.cases.filter((c) => c.skipped !== undefined).length;
    const time = suite.timeSeconds ?? suite.cases.reduce((t, c) => t + (c.timeSeconds ?? 0), 0);
    lines.push(
      `  <testsuite name="${escapeXml(suite.name)}" tests="${suite.cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${formatSeconds(time)}">`,
    );
    for (const c of suite.cases) {
      const open = `    <testcase name="${escapeXml(c.name)}" classname="${escapeXml(c.classname)}" time="${formatSeconds(c.timeSeconds ?? 0)}"`;
      if (!c.failure && !c.error && c.skipped === undefined && c.output === undefined) {
        lines.push(`${open}/>`);
        continue;
      }
      lines.push(`${open}>`);
      if (c.failure)
        lines.push(
          `      <failure message="${escapeXml(c.failure.message)}" type="mismatch">${escapeXml(c.failure.detail)}</failure>`,
        );
      if (c.error)
        lines.push(
          `      <error message="${escapeXml(c.error.message)}" type="error">${escapeXml(c.error.detail)}</error>`,
        );
      if (c.skipped !== undefined) lines.push(`      <skipped message="${escapeXml(c.skipped)}"/>`);
      if (c.output !== undefined) lines.push(`      <system-out>${escapeXml(c.output)}</system-out>`);
      lines.push("    </testcase>");
    }
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>");
  return lines.join("\n") + "\n";
}

function formatSeconds(seconds: number): string {
  return seconds.toFixed(3);
}

// XML 1.0 forbids most control characters even as references; drop them.
function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}
