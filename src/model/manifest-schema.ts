import { z } from "zod";
import { describeGlobProblem } from "../shared/glob-rules.js";

// Paths are checked and normalized against the root by manifest/check-paths.ts; the schema only bounds them.
const relPath = z.string().min(1, "must not be empty");
/** A root-relative glob: checked like a path (inside root, not absolute) and bounded (length, brace expansion). */
const glob = z
  .string()
  .min(1, "must not be empty")
  .superRefine((value, context) => {
    const problem = describeGlobProblem(value);
    if (problem) context.addIssue({ code: "custom", message: problem });
  });
const globList = z.array(glob).max(1000, "must list at most 1000 globs");
/** The longest a command may be given: a day (and far below what a timer can count). */
const timeoutSeconds = z.number().positive().max(86_400, "must be at most 86400 (one day)");

/** Conflict strategies a manifest may name. */
export const conflictStrategySchema = z.enum(["manual", "keep-target", "keep-source", "markers", "merge-exports"]);

/** One folder or file move. */
export const moveSchema = z.strictObject({
  from: relPath,
  to: relPath,
});

/** Conflict policy: a default and glob rules (first match wins). */
export const conflictsSchema = z.strictObject({
  default: conflictStrategySchema.default("manual"),
  rules: z.array(z.strictObject({ match: glob, strategy: conflictStrategySchema })).default([]),
});

/** TypeScript/JavaScript options. */
export const typescriptSchema = z.strictObject({
  tsconfig: relPath.optional(),
});

/** Python options: module roots relative to root; what to do with other strings that name a moved module. */
export const pythonSchema = z.strictObject({
  roots: globList.default(["."]),
  version: z.string().optional(),
  /** `report` (default) lists strings equal to a moved dotted name (or starting with it plus `.` or `:`); `rewrite` rewrites them. */
  strings: z.enum(["report", "rewrite"]).optional(),
});

/** Which files import rewriting reads (globs relative to root). */
export const importsSchema = z.strictObject({
  scope: globList.optional(),
});

/** Text references in configs, docs and scripts. */
export const referencesSchema = z.strictObject({
  rewrite: globList.default([]),
  report: globList.default([]),
});

/** Verification after the edits. */
export const verifySchema = z.strictObject({
  commands: z.array(z.string().min(1)).default([]),
  timeoutSeconds: timeoutSeconds.optional(),
});

const experimentSideSchema = z.strictObject({
  /** Shell command; placeholders {input} {input_stem} {input_name} {tree} {workdir}. */
  run: z.string().min(1),
  /** Legacy side only: where its tree comes from (default: the current tree). */
  from: z
    .string()
    .regex(/^(backup|baseline|git:.+)$/, 'expected "backup", "baseline" or "git:<rev>"')
    .optional(),
  env: z.record(z.string(), z.string()).optional(),
});

const outputSchema = z.strictObject({
  /** Path relative to the side's working folder; placeholders as in `run`. */
  file: z.string().min(1),
  format: z.enum(["csv", "tsv", "json", "ndjson"]).optional(),
  rtol: z.number().nonnegative().optional(),
  atol: z.number().nonnegative().optional(),
  exact: z.array(z.string()).optional(),
  key: z.array(z.string()).optional(),
  symmetric: z.boolean().optional(),
  columns: z.array(z.string()).optional(),
  ignoreColumns: z.array(z.string()).optional(),
  ignoreColumnOrder: z.boolean().optional(),
  trim: z.boolean().optional(),
  columnTolerances: z
    .record(
      z.string(),
      z.strictObject({ rtol: z.number().nonnegative().optional(), atol: z.number().nonnegative().optional() }),
    )
    .optional(),
});

/** One equivalence experiment: commands run on inputs and their outputs compared, or two functions called on cases. */
export const experimentSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9][\w.-]*$/, "use letters, digits, '.', '_' and '-'"),
    inputs: globList.optional(),
    legacy: experimentSideSchema.optional(),
    migrated: experimentSideSchema.omit({ from: true }).optional(),
    outputs: z.array(outputSchema).min(1).optional(),
    module: z
      .strictObject({
        /** "path/to/file.ts#exportName", relative to root. */
        legacy: z.string().regex(/^[^#]+#[\w$]+$/, 'expected "path/to/file.ts#exportName"'),
        migrated: z.string().regex(/^[^#]+#[\w$]+$/, 'expected "path/to/file.ts#exportName"'),
        /** A JSON file of cases ([args…] or {name, args}) or a module exporting them (default or `cases`, array or function). */
        cases: z.string().min(1),
      })
      .optional(),
    rtol: z.number().nonnegative().optional(),
    atol: z.number().nonnegative().optional(),
    symmetric: z.boolean().optional(),
    timeoutSeconds: timeoutSeconds.optional(),
    performance: z
      .strictObject({ maxSlowdown: z.number().positive(), repeat: z.number().int().positive().optional() })
      .optional(),
  })
  .refine(
    (e) => e.module !== undefined || (e.legacy !== undefined && e.migrated !== undefined && e.outputs !== undefined),
    {
      message: "a command experiment needs legacy, migrated and outputs",
    },
  )
  .refine(
    (e) =>
      e.module === undefined ||
      (e.legacy === undefined && e.migrated === undefined && e.outputs === undefined && e.inputs === undefined),
    {
      message: "a module experiment takes module (and tolerances), not legacy/migrated/outputs/inputs",
    },
  );

/** The parsers jscodeshift knows by name (a codemod step's `parser:`). */
export const codemodParserSchema = z.enum(["babel", "babylon", "flow", "ts", "tsx"]);

/** A step of a staged migration. */
export const stageSchema = z.union([
  z.strictObject({ name: z.string().optional(), move: moveSchema, gate: z.array(z.string()).optional() }),
  z.strictObject({
    name: z.string().optional(),
    extract: z.strictObject({
      from: relPath,
      symbols: z.array(z.string().min(1)).min(1),
      to: relPath,
      shim: z.boolean().default(true),
      /** Python: remove imports only the moved code used (reported otherwise); TypeScript always removes them. */
      prune: z.boolean().optional(),
    }),
    gate: z.array(z.string()).optional(),
  }),
  z.strictObject({
    name: z.string().optional(),
    codemod: z.strictObject({
      /** A built-in codemod's name, a transform file or folder relative to root, or an npm package (`@scope/pkg`, `pkg/sub`). */
      transform: relPath,
      files: globList,
      options: z.record(z.string(), z.unknown()).optional(),
      /** jscodeshift parser for every file when the transform exports none (default: by extension: ts, tsx, babel). */
      parser: codemodParserSchema.optional(),
      /** Fail the step when the transform throws on any file (default); false keeps the other files' edits. */
      failOnError: z.boolean().default(true),
    }),
    gate: z.array(z.string()).optional(),
  }),
]);

/** The manifest, version 1. */
export const manifestSchema = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(1),
  name: z.string().min(1),
  description: z.string().optional(),
  root: z.string().min(1).default("."),
  moves: z.array(moveSchema).max(10_000, "must list at most 10000 moves").default([]),
  steps: z.array(stageSchema).max(1000, "must list at most 1000 steps").optional(),
  include: globList.default(["**/*"]),
  exclude: globList.default([]),
  gitignore: z.boolean().default(true),
  conflicts: conflictsSchema.default({ default: "manual", rules: [] }),
  typescript: typescriptSchema.optional(),
  python: pythonSchema.optional(),
  imports: importsSchema.optional(),
  references: referencesSchema.optional(),
  verify: verifySchema.optional(),
  equivalence: z.array(experimentSchema).optional(),
});

/** A manifest as written (defaults applied). */
export type ManifestData = z.output<typeof manifestSchema>;
/** One move of a manifest. */
export type MoveSpec = z.output<typeof moveSchema>;
/** One experiment of a manifest. */
export type ExperimentSpec = z.output<typeof experimentSchema>;
/** One step of a manifest. */
export type StageSpec = z.output<typeof stageSchema>;
