import type { ManifestData } from "./manifest-schema.js";

/** A loaded, validated manifest with its resolved locations. */
export interface Manifest {
  /** Absolute path of the manifest file. */
  path: string;
  /** sha256 of the manifest file's bytes. */
  sha256: string;
  /** Absolute, real path of the root all manifest paths are relative to. */
  root: string;
  data: ManifestData;
  /** The manifest's text when it has no file of its own (built by `graft mv`). */
  text?: string;
}
