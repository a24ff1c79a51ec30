import * as z from "zod";
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
  from: relPath.describe("File or folder to move, relative to root"),
  to: relPath.describe("Where it goes, relative to root; an existing folder there is merged (see conflicts)"),
});

/** Conflict policy: a default and glob rules (first match wins). */
export const conflictsSchema = z.strictObject({
  default: conflictStrategySchema
    .default("manual")
    .describe(
      "Strategy for conflicts no rule matches: manual (stop), keep-target, keep-source, markers (diff3-style, for review) or merge-exports (barrels and __init__.py)",
    ),
  rules: z
    .array(
      z.strictObject({
        match: glob.describe("Glob of conflicting paths, relative to the move's to"),
        strategy: conflictStrategySchema.describe("Strategy for the paths it matches"),
      }),
    )
    .default([])
    .describe("Per-path strategies; the first rule that matches wins"),
});

/** TypeScript/JavaScript options. */
export const typescriptSchema = z.strictObject({
  tsconfig: relPath
    .optional()
    .describe("tsconfig.json (relative to root) whose compiler options resolve imports; default: the nearest one"),
});

/** Python options: module roots relative to root; what to do with other strings that name a moved module. */
export const pythonSchema = z.strictObject({
  roots: globList
    .default(["."])
    .describe('Folders that are module roots (sys.path entries), relative to root: ["src"] for a src layout'),
  version: z
    .string()
    .optional()
    .describe('Python version the code targets (e.g. "3.11"), for the standard-library module list'),
  /** `report` (default) lists strings equal to a moved dotted name (or starting with it plus `.` or `:`); `rewrite` rewrites them. */
  strings: z
    .enum(["report", "rewrite"])
    .optional()
    .describe("Other strings that name a moved module: report (default) lists them, rewrite rewrites them"),
});

/** Which files import rewriting reads (globs relative to root). */
export const importsSchema = z.strictObject({
  scope: globList
    .optional()
    .describe("Files whose imports are rewritten and verified (globs relative to root); default: all"),
});

/** Text references in configs, docs and scripts. */
export const referencesSchema = z.strictObject({
  rewrite: globList
    .default([])
    .describe("Files (configs, docs, scripts) where mentions of moved paths are rewritten, whole path segments only"),
  report: globList.default([]).describe("Files where mentions of moved paths are listed, not rewritten"),
});

/** Verification after the edits. */
export const verifySchema = z.strictObject({
  commands: z
    .array(z.string().min(1))
    .default([])
    .describe("Shell commands run after the edits (like a Makefile: the manifest runs them); any failure rolls back"),
  timeoutSeconds: timeoutSeconds.optional().describe("Time limit per command, in seconds (at most a day)"),
});

const experimentSideSchema = z.strictObject({
  /** Shell command; placeholders {input} {input_stem} {input_name} {tree} {workdir}. */
  run: z.string().min(1).describe("Shell command; placeholders {input} {input_stem} {input_name} {tree} {workdir}"),
  /** Legacy side only: where its tree comes from (default: the current tree). */
  from: z
    .string()
    .regex(/^(backup|baseline|git:.+)$/, 'expected "backup", "baseline" or "git:<rev>"')
    .optional()
    .describe(
      'Legacy side only: the tree it runs on, "backup" (before the last run), "baseline" (recorded outputs) or "git:<rev>"',
    ),
  env: z.record(z.string(), z.string()).optional().describe("Environment variables for the command"),
});

const outputSchema = z.strictObject({
  /** Path relative to the side's working folder; placeholders as in `run`. */
  file: z.string().min(1).describe("Output file, relative to the side's working folder; placeholders as in run"),
  format: z.enum(["csv", "tsv", "json", "ndjson"]).optional().describe("Table format; default: by extension"),
  rtol: z
    .number()
    .nonnegative()
    .optional()
    .describe("Relative tolerance: |a-b| <= atol + rtol*|legacy| (numpy isclose)"),
  atol: z.number().nonnegative().optional().describe("Absolute tolerance"),
  exact: z.array(z.string()).optional().describe("Columns compared as written text, byte for byte (IDs, labels)"),
  key: z.array(z.string()).optional().describe("Columns that identify a row: rows are aligned by key, not by position"),
  symmetric: z.boolean().optional().describe("Tolerance relative to the larger of the two values, not the legacy one"),
  columns: z.array(z.string()).optional().describe("Compare only these columns"),
  ignoreColumns: z.array(z.string()).optional().describe("Columns left out of the comparison"),
  ignoreColumnOrder: z.boolean().optional().describe("Match columns by name whatever their order"),
  trim: z.boolean().optional().describe("Trim spaces around cells before comparing"),
  columnTolerances: z
    .record(
      z.string(),
      z.strictObject({
        rtol: z.number().nonnegative().optional().describe("Relative tolerance of this column"),
        atol: z.number().nonnegative().optional().describe("Absolute tolerance of this column"),
      }),
    )
    .optional()
    .describe("Tolerances of single columns, by name"),
});

/** One equivalence experiment: commands run on inputs and their outputs compared, or two functions called on cases. */
export const experimentSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][\w.-]*$/, "use letters, digits, '.', '_' and '-'")
      .describe("Name of the experiment (gates and --only name it)"),
    inputs: globList.optional().describe("Input files, globs relative to root; each runs both sides once"),
    legacy: experimentSideSchema.optional().describe("The reference side"),
    migrated: experimentSideSchema.omit({ from: true }).optional().describe("The side under test (the migrated tree)"),
    outputs: z
      .array(outputSchema)
      .min(1)
      .optional()
      .describe("Output tables both sides write, compared within tolerance"),
    module: z
      .strictObject({
        /** "path/to/file.ts#exportName", relative to root. */
        legacy: z
          .string()
          .regex(/^[^#]+#[\w$]+$/, 'expected "path/to/file.ts#exportName"')
          .describe('The reference function, "path/to/file.ts#exportName" (or a .py file), relative to root'),
        migrated: z
          .string()
          .regex(/^[^#]+#[\w$]+$/, 'expected "path/to/file.ts#exportName"')
          .describe("The function under test, same form"),
        /** A JSON file of cases ([args…] or {name, args}) or a module exporting them (default or `cases`, array or function). */
        cases: z.string().min(1).describe("A JSON file of cases, or a module exporting them, relative to root"),
      })
      .optional()
      .describe("Compare two functions' return values on the same cases"),
    rtol: z.number().nonnegative().optional().describe("Relative tolerance for every output (default 1e-10)"),
    atol: z.number().nonnegative().optional().describe("Absolute tolerance for every output (default 0)"),
    symmetric: z.boolean().optional().describe("Tolerance relative to the larger of the two values"),
    timeoutSeconds: timeoutSeconds.optional().describe("Time limit per command, in seconds"),
    performance: z
      .strictObject({
        maxSlowdown: z.number().positive().describe("Fail when migrated/legacy median time exceeds this ratio"),
        repeat: z.number().int().positive().optional().describe("Runs per side for the medians"),
      })
      .optional()
      .describe("A performance gate on top of equivalence"),
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

const stageName = z.string().optional().describe("Name of the step (--until names it)");
const stageGate = z
  .array(z.string())
  .optional()
  .describe("Equivalence experiments that must pass after this step (else it is rolled back)");

/** A step of a staged migration. */
export const stageSchema = z.union([
  z.strictObject({ name: stageName, move: moveSchema.describe("Move a file or folder"), gate: stageGate }),
  z.strictObject({
    name: stageName,
    extract: z
      .strictObject({
        from: relPath.describe("Module the symbols leave (TypeScript or Python), relative to root"),
        symbols: z.array(z.string().min(1)).min(1).describe("Top-level functions, classes, constants or types to move"),
        to: relPath.describe("Module they go to (created or appended to)"),
        shim: z.boolean().default(true).describe("Keep re-exports in the old module so its importers keep working"),
        /** Python: remove imports only the moved code used (reported otherwise); TypeScript always removes them. */
        prune: z.boolean().optional().describe("Python: remove imports only the moved code used (listed otherwise)"),
      })
      .describe("Move top-level symbols from one module into another and re-point their importers"),
    gate: stageGate,
  }),
  z.strictObject({
    name: stageName,
    codemod: z
      .strictObject({
        /** A built-in codemod's name, a transform file or folder relative to root, or an npm package (`@scope/pkg`, `pkg/sub`). */
        transform: relPath.describe("Built-in codemod, transform file or folder relative to root, or an npm package"),
        files: globList.describe("Files the transform runs on, globs relative to root"),
        options: z.record(z.string(), z.unknown()).optional().describe("Options passed to the transform"),
        /** jscodeshift parser for every file when the transform exports none (default: by extension: ts, tsx, babel). */
        parser: codemodParserSchema
          .optional()
          .describe("jscodeshift parser; default: the transform's, else by extension"),
        /** Fail the step when the transform throws on any file (default); false keeps the other files' edits. */
        failOnError: z.boolean().default(true).describe("Fail the step when the transform throws on any file"),
      })
      .describe("Run a jscodeshift-style transform over files"),
    gate: stageGate,
  }),
]);

/** The manifest, version 1. */
export const manifestSchema = z.strictObject({
  $schema: z.string().optional().describe("JSON Schema of this file, for editors (manifests/schema.json)"),
  version: z.literal(1).describe("Manifest format version"),
  name: z.string().min(1).describe("Name of the migration (in run records and reports)"),
  description: z.string().optional().describe("What the migration does, for people"),
  root: z
    .string()
    .min(1)
    .default(".")
    .describe("Folder the migration works in, relative to the manifest's folder; graft never writes outside it"),
  moves: z
    .array(moveSchema)
    .max(10_000, "must list at most 10000 moves")
    .default([])
    .describe("Moves applied together in one run"),
  steps: z
    .array(stageSchema)
    .max(1000, "must list at most 1000 steps")
    .optional()
    .describe("A staged migration: steps (move, extract, codemod) applied one at a time, each with its gates"),
  include: globList.default(["**/*"]).describe("Files graft scans, globs relative to root"),
  exclude: globList.default([]).describe("Files graft leaves out, globs relative to root"),
  gitignore: z.boolean().default(true).describe("Leave out what .gitignore ignores"),
  conflicts: conflictsSchema
    .default({ default: "manual", rules: [] })
    .describe("What to do with files both trees of a move hold with different contents"),
  typescript: typescriptSchema.optional().describe("TypeScript and JavaScript options"),
  python: pythonSchema.optional().describe("Python options"),
  imports: importsSchema.optional().describe("Which files' imports are rewritten"),
  references: referencesSchema.optional().describe("Mentions of moved paths outside import statements"),
  verify: verifySchema.optional().describe("Checks after the edits: imports always, these commands too"),
  equivalence: z
    .array(experimentSchema)
    .optional()
    .describe("Experiments proving the migrated code behaves like the legacy code"),
});

/** A manifest as written (defaults applied). */
export type ManifestData = z.output<typeof manifestSchema>;
/** One move of a manifest. */
export type MoveSpec = z.output<typeof moveSchema>;
/** One experiment of a manifest. */
export type ExperimentSpec = z.output<typeof experimentSchema>;
/** One step of a manifest. */
export type StageSpec = z.output<typeof stageSchema>;
