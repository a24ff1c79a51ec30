import { loadManifest } from "../manifest/load.js";
import type { Manifest } from "../model/manifest.js";

/**
 * Loads a manifest for checking the tree as it is now. Unlike a plain loadManifest it does not require `moves[].from`
 * to exist: after `graft apply` they are gone, and that is exactly when verify runs. Every other check still applies.
 */
export function loadManifestForVerify(file: string): Promise<Manifest> {
  return loadManifest(file, { requireSources: false });
}
