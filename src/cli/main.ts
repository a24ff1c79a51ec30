import { buildProgram } from "./program.js";
import { runCli } from "./run.js";

await runCli(await buildProgram(process.argv), process.argv);
