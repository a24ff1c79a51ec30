import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { manifestJsonSchemaText } from "../../../src/manifest/json-schema.js";
import { manifestSchema } from "../../../src/model/manifest-schema.js";
import { repoRoot } from "../../helpers/copy-fixture.js";

describe("manifests/schema.json", () => {
  it("is the schema generated from the zod schema (run `npm run schema` when this fails)", () => {
    const committed = readFileSync(path.join(repoRoot, "manifests/schema.json"), "utf8");
    expect(committed).toBe(manifestJsonSchemaText());
  });

  it("describes every field, so editors show what it means on hover", () => {
    const undescribed: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) {
        for (const item of node) walk(item, at);
        return;
      }
      if (typeof node !== "object" || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        if (key !== "properties") walk(value, at);
        else
          for (const [field, schema] of Object.entries(value as Record<string, { description?: string }>)) {
            if (!schema.description) undescribed.push(`${at}.${field}`);
            walk(schema, `${at}.${field}`);
          }
      }
    };
    walk(JSON.parse(manifestJsonSchemaText()), "");
    expect(undescribed).toEqual([]);
  });

  it("every example manifest declares $schema and passes the zod schema", () => {
    const dir = path.join(repoRoot, "manifests");
    const examples = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f) && f !== "schema.json");
    expect(examples.length).toBeGreaterThan(0);
    for (const file of examples) {
      const data = parse(readFileSync(path.join(dir, file), "utf8")) as Record<string, unknown>;
      expect(data.$schema, file).toBe("./schema.json");
      const result = manifestSchema.safeParse(data);
      expect(result.success, `${file}: ${result.error?.message}`).toBe(true);
    }
  });
});
