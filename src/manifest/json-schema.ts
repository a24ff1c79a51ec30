import * as z from "zod";
import { manifestSchema } from "../model/manifest-schema.js";

/** The manifest's JSON Schema, generated from the zod schema (what `manifests/schema.json` holds). */
export function manifestJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(manifestSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return { ...schema, $id: "https://graft.dev/schema/manifest-v1.json", title: "graft manifest v1" };
}

/** The schema as the text written to `manifests/schema.json`. */
export function manifestJsonSchemaText(): string {
  return JSON.stringify(manifestJsonSchema(), null, 2) + "\n";
}
