import type { Command } from "commander";
import { manifestJsonSchemaText, writeOutputFile } from "../internal.js";
import type { CliCommand } from "./commands.js";

/** `graft schema [--out FILE]`: prints the manifest JSON Schema generated from the zod schema. */
export const schemaCommand: CliCommand = {
  name: "schema",
  register(program: Command) {
    program
      .command("schema")
      .description("print the manifest JSON Schema (generated from graft's own validation)")
      .option("--out <file>", "write it to a file instead (e.g. manifests/schema.json)")
      .action(async (options: { out?: string }) => {
        const text = manifestJsonSchemaText();
        if (options.out) await writeOutputFile(options.out, text);
        else process.stdout.write(text);
      });
  },
};
