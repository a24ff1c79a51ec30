import type { VerifyReport } from "../verify/verify-project.js";

/** Human-readable lines of a verify report: each unresolved import as `file:line:col specifier`. */
export function renderVerifyLines(report: VerifyReport): string[] {
  const lines: string[] = [];
  for (const language of report.languages) {
    lines.push(
      `${language.language}: ${language.checked} import(s) checked, ${language.unresolved} unresolved, ${language.reported} third-party reported`,
    );
  }
  for (const item of report.unresolved)
    lines.push(
      `unresolved ${item.file}:${item.line}:${item.column} ${item.specifier}${item.reason ? ` (${item.reason})` : ""}`,
    );
  for (const item of report.reported)
    lines.push(
      `reported   ${item.file}:${item.line}:${item.column} ${item.specifier}${item.reason ? ` (${item.reason})` : ""}`,
    );
  for (const item of report.markers)
    lines.push(`conflict marker ${item.file}:${item.line} ${item.marker} (resolve it, then verify again)`);
  for (const outcome of report.commands) {
    const how = outcome.timedOut
      ? "timed out"
      : outcome.exitCode === 0
        ? "ok"
        : `failed (exit ${outcome.exitCode ?? outcome.signal})`;
    lines.push(`command ${how} in ${outcome.durationMs} ms: ${outcome.command}`);
    if (outcome.exitCode !== 0)
      lines.push(
        ...outcome.outputTail
          .trim()
          .split("\n")
          .slice(-5)
          .map((line) => `  ${line}`),
      );
  }
  lines.push(report.ok ? "verify: ok" : "verify: FAILED");
  return lines;
}
