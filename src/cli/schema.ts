import type { Command } from "commander";
import { manifestJsonSchemaText, writeOutputFile } from "../internal.js";
import type { CliCommand } from "./commands.js";

/** `graft schema [--out FILE]`: prints the manifest JSON Schema generated from the zod schema. */
export const schemaCommand: CliCommand = {
  name: "schema",
  examples: ["graft schema --out manifests/schema.json   # for editor hovers and completion"],
  register(command: Command) {
    command
      .option("--out <file>", "write it to a file instead (e.g. manifests/schema.json)")
      .action(async (options: { out?: string }) => {
        const text = manifestJsonSchemaText();
        if (options.out) await writeOutputFile(options.out, text);
        else process.stdout.write(text);
      });
  },
};
