import { readFile } from "node:fs/promises";

export const read = (file: string) => readFile(file, "utf8");
