import * as z from "zod";
import { describeStoredPathProblem } from "../shared/safe-path.js";
import type { MigrationPlan, PlanOperation } from "./plan.js";

/** A root-relative path as graft writes it into a plan: normalized, inside root, out of .git/.graft/node_modules. */
const storedPath = z.string().superRefine((value, context) => {
  const problem = describeStoredPathProblem(value);
  if (problem) context.addIssue({ code: "custom", message: problem });
});
/** A path a plan only read (pinned to its hash): inside root, but it may lie in node_modules (a tsconfig base). */
const readPath = z.string().superRefine((value, context) => {
  const problem = describeStoredPathProblem(value, { allowProtected: true });
  if (problem) context.addIssue({ code: "custom", message: problem });
});
const count = z.number().int().nonnegative();
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "must be a sha256 (64 hex digits)");
/** What a plan pins a path to: a sha256, `link:<target>` for a symlink, or "" (pinned through `reads` only). */
const identity = z.string().regex(/^([0-9a-f]{64}|link:[^\0]*|)$/, 'must be a sha256, "link:<target>" or ""');
const edit = z.looseObject({
  start: count,
  end: count,
  text: z.string(),
  kind: z.string().optional(),
  before: z.string().optional(),
});
const edits = z.array(edit).superRefine((list, context) => {
  for (const [i, e] of list.entries())
    if (e.end < e.start) context.addIssue({ code: "custom", path: [i, "end"], message: "must not be before start" });
});
/** The permission bits a plan may give a file it writes: never setuid, setgid or sticky. */
export const writableMode = z
  .number()
  .int()
  .min(0)
  .max(0o777, "must not set the setuid, setgid or sticky bit (at most 0777)");

const operationSchema = z.discriminatedUnion("op", [
  z.strictObject({ op: z.literal("mkdir"), path: storedPath }),
  z.strictObject({
    op: z.literal("move"),
    from: storedPath,
    to: storedPath,
    kind: z.enum(["file", "symlink"]),
    // Informational (a move keeps the file's own mode), so a tree's setuid file may be moved.
    mode: z.number().int().min(0).max(0o7777),
    sha256: identity,
    linkTarget: z.string().optional(),
    replaces: identity.optional(),
    edits: edits.optional(),
  }),
  z.strictObject({ op: z.literal("edit"), path: storedPath, sha256: identity, edits }),
  z.strictObject({
    op: z.literal("write"),
    path: storedPath,
    content: z.string(),
    encoding: z.enum(["utf8", "base64"]),
    mode: writableMode,
    before: sha256.nullable(),
    sha256,
    reason: z.string(),
  }),
  z.strictObject({
    op: z.literal("delete"),
    path: storedPath,
    kind: z.enum(["file", "symlink"]),
    sha256: identity,
    reason: z.string(),
  }),
  z.strictObject({ op: z.literal("rmdir"), path: storedPath }),
]);

/**
 * A saved plan (`graft plan --out`), as `graft apply plan.json` accepts it: every operation's shape and path is
 * checked like a manifest's (inside root, normalized, never in .git/.graft/node_modules), written modes are
 * limited, and the informational parts only need the right types. Fields a later graft adds are kept.
 */
export const savedPlanSchema = z.looseObject({
  format: z.literal("graft-plan"),
  version: z.literal(1),
  graftVersion: z.string(),
  manifest: z.looseObject({ path: z.string(), sha256: z.string(), name: z.string() }),
  root: z.string().min(1),
  moves: z.array(z.unknown()),
  operations: z.array(operationSchema),
  reads: z.record(readPath, identity),
  blockers: z.array(z.string()),
  reported: z.array(z.unknown()),
  warnings: z.array(z.string()),
  markers: z.array(z.string()).optional(),
  summary: z.looseObject({}),
});

/**
 * A saved staged plan (`graft plan --out` on a manifest with steps): each step's plan is checked like a saved plan,
 * and every step writes under the staged plan's root.
 */
export const savedStagedPlanSchema = z
  .looseObject({
    format: z.literal("graft-staged-plan"),
    version: z.literal(1),
    graftVersion: z.string(),
    manifest: z.looseObject({ path: z.string().min(1), sha256: z.string(), name: z.string() }),
    root: z.string().min(1),
    steps: z.array(z.looseObject({ index: z.number().int().nonnegative(), name: z.string(), plan: savedPlanSchema })),
    notPlanned: z.array(z.looseObject({ index: z.number().int().nonnegative(), name: z.string() })),
    totals: z.looseObject({}),
  })
  .superRefine((plan, context) => {
    for (const [i, step] of plan.steps.entries())
      if (step.plan.root !== plan.root)
        context.addIssue({ code: "custom", path: ["steps", i, "plan", "root"], message: "must be the plan's root" });
  });

/** The paths each operation names. */
function operationPaths(op: PlanOperation): string[] {
  return op.op === "move" ? [op.from, op.to] : [op.path];
}

/**
 * The first operation of `plan` that names a path outside the root, in .git/.graft/node_modules or not in
 * normalized form, or writes a setuid/setgid/sticky mode; undefined when none does. Apply runs this on every
 * plan, whoever made it (the library accepts plans from callers too); it is linear and cheap.
 */
export function findPlanOperationProblem(plan: MigrationPlan): string | undefined {
  for (const [index, op] of plan.operations.entries()) {
    for (const [field, p] of operationPaths(op).map((p, i) => [op.op === "move" ? (i ? "to" : "from") : "path", p])) {
      const problem = typeof p === "string" ? describeStoredPathProblem(p) : "must be a path";
      if (problem) return `operations[${index}].${field}: ${problem}`;
    }
    if (op.op === "write" && (!Number.isInteger(op.mode) || op.mode < 0 || op.mode > 0o777))
      return `operations[${index}].mode: must not set the setuid, setgid or sticky bit (at most 0777)`;
  }
  return undefined;
}
