import { createHash } from "node:crypto";

/** Hex sha256 of bytes: the one content identity graft pins plans, backups and manifests to. */
export function sha256Hex(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}
