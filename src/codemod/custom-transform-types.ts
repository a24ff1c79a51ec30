/** The file a jscodeshift-style transform receives. */
export interface TransformFileInfo {
  /** Absolute path of the file. */
  path: string;
  source: string;
}

/** The API object a jscodeshift-style transform receives (jscodeshift bound to the transform's parser). */
export interface TransformApi {
  jscodeshift: unknown;
  j: unknown;
  stats: (name: string, quantity?: number) => void;
  report: (message: string) => void;
}

/** A jscodeshift-compatible transform: returns the new source, or null/undefined/"" to skip the file. */
export type TransformFunction = ((
  file: TransformFileInfo,
  api: TransformApi,
  options: Record<string, unknown>,
) => unknown) & { parser?: unknown };

/** What happened to one file, as jscodeshift's Worker reports it. */
export interface TransformFileStatus {
  file: string;
  status: "ok" | "unchanged" | "skipped" | "error";
  error?: string;
}

/** A built-in codemod: a plain object in codemods/registry.ts. */
export interface BuiltinCodemod {
  name: string;
  description: string;
  /** Loads the transform module (lazily: codemods pull in jscodeshift). */
  load(): Promise<{ default: unknown; parser?: unknown }>;
}
