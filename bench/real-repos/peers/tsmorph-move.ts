/**
 * Peer driver: ts-morph loads the project from its tsconfig, `Directory.move()`s the folder and saves.
 *   node --import tsx tsmorph-move.ts ROOT TSCONFIG FROM TO
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { Project } from "ts-morph";

const [root, tsconfig, from, to] = process.argv.slice(2) as [string, string, string, string];
const project = new Project({ tsConfigFilePath: path.join(root, tsconfig) });
project.getDirectoryOrThrow(path.join(root, from)).move(path.join(root, to));
// ts-morph renames the folder on save but does not create the new parent folder.
mkdirSync(path.join(root, path.dirname(to)), { recursive: true });
await project.save();
console.log(JSON.stringify({ files: project.getSourceFiles().length }));
