import type { ChalkInstance } from "chalk";
import type { MigrationPlan } from "../model/plan.js";

/** Human summary of a plan: counts per kind, operations, conflicts, blockers, warnings. */
export function renderPlanText(
  plan: MigrationPlan,
  color: ChalkInstance,
  options: { maxOperations?: number } = {},
): string {
  const s = plan.summary;
  const lines: string[] = [color.bold(`Plan for ${plan.manifest.name} (root ${plan.root})`)];
  lines.push(`  ${s.moved} files moved, ${s.edited} edited in place, ${s.written} written, ${s.deleted} deleted`);
  const kinds = Object.entries(s.editsByKind).sort(([a], [b]) => (a < b ? -1 : 1));
  if (kinds.length) lines.push(`  specifier/text edits: ${kinds.map(([k, n]) => `${k} ${n}`).join(", ")}`);
  lines.push(`  conflicts: ${s.conflicts} (${s.unresolvedConflicts} unresolved)`);
  const max = options.maxOperations ?? 200;
  lines.push(color.bold("Operations:"));
  plan.operations.slice(0, max).forEach((op) => {
    switch (op.op) {
      case "mkdir":
      case "rmdir":
        lines.push(`  ${op.op.padEnd(6)} ${op.path}/`);
        break;
      case "move":
        lines.push(
          `  ${color.green("move".padEnd(6))} ${op.from} → ${op.to}${op.replaces ? " (replaces target)" : ""}${op.edits?.length ? ` [${op.edits.length} edits]` : ""}`,
        );
        break;
      case "edit":
        lines.push(`  ${color.blue("edit".padEnd(6))} ${op.path} [${op.edits.length} edits]`);
        break;
      case "write":
        lines.push(`  ${color.magenta("write".padEnd(6))} ${op.path} (${op.reason})`);
        break;
      case "delete":
        lines.push(`  ${color.red("delete".padEnd(6))} ${op.path} (${op.reason})`);
        break;
    }
  });
  if (plan.operations.length > max) lines.push(`  … and ${plan.operations.length - max} more (see --json or --patch)`);
  if (plan.reported.length) {
    lines.push(color.bold("References listed, not rewritten:"));
    for (const r of plan.reported) lines.push(`  ${r.path}:${r.line}:${r.column} ${r.text}`);
  }
  for (const w of plan.warnings) lines.push(color.yellow(`warning: ${w}`));
  if (plan.blockers.length) {
    lines.push(color.red.bold(`Cannot be applied until ${plan.blockers.length} conflict(s) are resolved:`));
    for (const b of plan.blockers) lines.push(color.red(`  ${b}`));
  } else if (plan.markers?.length) {
    lines.push(
      color.yellow.bold(
        `Writes conflict markers into ${plan.markers.length} file(s): apply needs --accept-markers, and the run then waits for review (resolve them, then graft verify)`,
      ),
    );
  } else {
    lines.push(color.green("Ready to apply."));
  }
  return lines.join("\n");
}
