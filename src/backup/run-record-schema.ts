import * as z from "zod";
import { formatFieldPath } from "../manifest/source-map.js";
import { describeStoredPathProblem } from "../shared/safe-path.js";
import type { RunRecord } from "./types.js";

/** A path a run changed: normalized, inside root, never in .git, .graft or node_modules. */
const runPath = z.string().superRefine((value, context) => {
  const problem = describeStoredPathProblem(value);
  if (problem) context.addIssue({ code: "custom", message: problem });
});
const count = z.number().int().nonnegative();
const mode = z.number().int().min(0).max(0o7777);

const entryState = z.discriminatedUnion("kind", [
  z.looseObject({ kind: z.literal("absent") }),
  z.looseObject({
    kind: z.literal("file"),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, "must be a sha256 (64 hex digits)"),
    mode,
    size: count,
    ino: count.optional(),
    links: count.optional(),
  }),
  z.looseObject({
    kind: z.literal("symlink"),
    target: z
      .string()
      .min(1)
      .max(4096)
      .regex(/^[^\0]*$/),
  }),
  z.looseObject({ kind: z.literal("dir"), mode }),
]);

const rollbackEntry = z.looseObject({
  at: z.string(),
  paths: z.array(z.string()).optional(),
  restored: z.array(runPath),
  forcedBackups: z.array(z.looseObject({ path: runPath, state: entryState })),
  reason: z.enum(["user", "failure", "interrupt"]),
  leftAlone: z.array(runPath).optional(),
  notWritten: z.array(runPath).optional(),
});

/**
 * A run record as `.graft/runs/<id>/run.json` must hold it. Checked on every read: a record is input like a
 * manifest (a repository may be cloned with a hostile `.graft`), and rollback writes every path it names.
 */
export const runRecordSchema = z.looseObject({
  format: z.literal("graft-run"),
  version: z.literal(1),
  id: z.string(),
  root: z.string(),
  command: z.array(z.string()),
  manifest: z.looseObject({ path: z.string(), sha256: z.string(), name: z.string() }),
  planSha256: z.string(),
  git: z.looseObject({ head: z.string().nullable(), dirty: z.boolean() }).nullable(),
  graftVersion: z.string(),
  nodeVersion: z.string(),
  platform: z.string(),
  user: z.string(),
  host: z.string(),
  pid: z.number().int(),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  status: z.enum(["running", "applied", "needs-review", "rolled-back", "failed", "interrupted"]),
  error: z.string().optional(),
  actions: z.array(
    z.looseObject({
      index: count,
      operation: count,
      kind: z.enum(["mkdir", "rename", "put", "remove", "rmdir"]),
      changes: z.array(z.looseObject({ path: runPath, before: entryState, after: entryState })),
    }),
  ),
  rollbacks: z.array(rollbackEntry),
  rollbackPending: z.boolean().optional(),
  review: z
    .looseObject({
      markers: z.array(runPath),
      checks: z.array(z.string()),
      step: count.optional(),
      finishedAt: z.string().optional(),
      resolved: z.record(runPath, entryState).optional(),
    })
    .optional(),
});

/** `value` as a run record, or the first reason it is not one (`field: reason`). */
export function parseRunRecord(value: unknown): { record: RunRecord } | { problem: string } {
  const result = runRecordSchema.safeParse(value);
  if (result.success) return { record: result.data as unknown as RunRecord };
  const issue = result.error.issues[0]!;
  return { problem: `${formatFieldPath(issue.path)}: ${issue.message}` };
}
