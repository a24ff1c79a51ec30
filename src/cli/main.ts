// First, before the rest of the CLI allocates anything: see young-generation.ts.
import "./young-generation.js";
import { buildProgram } from "./program.js";
import { runCli } from "./run.js";

await runCli(await buildProgram(process.argv), process.argv);
