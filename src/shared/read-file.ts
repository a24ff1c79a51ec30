import { readFile } from "node:fs/promises";
import { InvalidInputError } from "./errors.js";

/** Reads a user-named input file, turning "not found"/"is a folder"/permission errors into a one-line InvalidInputError. */
export async function readInputFile(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "is a folder, not a file"
          : code === "EACCES"
            ? "permission denied"
            : String((error as Error).message);
    throw new InvalidInputError(`${file}: ${reason}`);
  }
}
