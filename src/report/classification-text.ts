import type { ChalkInstance } from "chalk";
import type { MoveClassification } from "../model/plan.js";

/** The machine form of `graft classify --json`: exactly the documented shape. */
export function classificationJson(moves: readonly MoveClassification[]): {
  moves: {
    from: string;
    to: string;
    sourceOnly: string[];
    identical: string[];
    conflicts: string[];
    targetOnly: string[];
  }[];
} {
  return {
    moves: moves.map((m) => ({
      from: m.from,
      to: m.to,
      sourceOnly: m.sourceOnly,
      identical: m.identical,
      conflicts: m.conflicts.map((c) => c.path),
      targetOnly: m.targetOnly,
    })),
  };
}

/** Human summary of a classification: counts, then lists. */
export function renderClassificationText(moves: readonly MoveClassification[], color: ChalkInstance): string {
  const lines: string[] = [];
  for (const m of moves) {
    lines.push(color.bold(`${m.from} → ${m.to}`));
    lines.push(
      `  ${m.sourceOnly.length} source-only, ${m.identical.length} identical, ${color.yellow(`${m.conflicts.length} conflicts`)}, ${m.targetOnly.length} target-only`,
    );
    const list = (title: string, items: readonly string[], paint: (s: string) => string) => {
      if (items.length === 0) return;
      lines.push(`  ${title}:`);
      for (const item of items) lines.push(`    ${paint(item)}`);
    };
    list("source-only", m.sourceOnly, color.green);
    list("identical", m.identical, color.dim);
    list(
      "conflicts",
      m.conflicts.map(
        (c) =>
          `${c.path}  (${c.type === "type" ? `${c.sourceKind} vs ${c.targetKind}` : "content differs"}; ${c.strategy}${c.unresolved ? `: ${c.unresolved}` : ""})`,
      ),
      color.yellow,
    );
    list("target-only", m.targetOnly, color.cyan);
  }
  return lines.join("\n");
}
