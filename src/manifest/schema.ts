import { z } from "zod";

const relPath = z.string().min(1, "must not be empty");
const globList = z.array(z.string().min(1, "must not be empty"));

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
  rules: z.array(z.strictObject({ match: z.string().min(1), strategy: conflictStrategySchema })).default([]),
});

/** TypeScript/JavaScript options. */
export const typescriptSchema = z.strictObject({
  tsconfig: relPath.optional(),
});

/** Python options: module roots relative to root. */
export const pythonSchema = z.strictObject({
  roots: z.array(z.string()).default(["."]),
  version: z.string().optional(),
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
  timeoutSeconds: z.number().positive().optional(),
});

const experimentSideSchema = z.strictObject({
  run: z.string().min(1),
  from: z.string().optional(),
  cwd: z.string().optional(),
});

const outputSchema = z.strictObject({
  file: z.string().min(1),
  rtol: z.number().nonnegative().optional(),
  atol: z.number().nonnegative().optional(),
  exact: z.array(z.string()).optional(),
  key: z.array(z.string()).optional(),
  symmetric: z.boolean().optional(),
  ignoreColumns: z.array(z.string()).optional(),
  ignoreColumnOrder: z.boolean().optional(),
});

/** One equivalence experiment (command or module form). */
export const experimentSchema = z.strictObject({
  name: z.string().min(1),
  inputs: z.array(z.string()).optional(),
  legacy: experimentSideSchema.optional(),
  migrated: experimentSideSchema.optional(),
  outputs: z.array(outputSchema).optional(),
  module: z
    .strictObject({
      legacy: z.string().min(1),
      migrated: z.string().min(1),
      cases: z.string().min(1),
    })
    .optional(),
  rtol: z.number().nonnegative().optional(),
  atol: z.number().nonnegative().optional(),
  timeoutSeconds: z.number().positive().optional(),
  performance: z.strictObject({ maxSlowdown: z.number().positive(), repeat: z.number().int().positive().optional() }).optional(),
});

/** A step of a staged migration. */
export const stepSchema = z.union([
  z.strictObject({ name: z.string().optional(), move: moveSchema, gate: z.array(z.string()).optional() }),
  z.strictObject({
    name: z.string().optional(),
    extract: z.strictObject({
      from: relPath,
      symbols: z.array(z.string().min(1)).min(1),
      to: relPath,
      shim: z.boolean().default(true),
    }),
    gate: z.array(z.string()).optional(),
  }),
  z.strictObject({
    name: z.string().optional(),
    codemod: z.strictObject({
      transform: relPath,
      files: globList,
      options: z.record(z.string(), z.unknown()).optional(),
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
  moves: z.array(moveSchema).default([]),
  steps: z.array(stepSchema).optional(),
  include: globList.default(["**/*"]),
  exclude: globList.default([]),
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
export type StepSpec = z.output<typeof stepSchema>;
