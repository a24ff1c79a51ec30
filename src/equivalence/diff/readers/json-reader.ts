import { InvalidInputError } from "../../../shared/errors.js";
import { createRollingWindow, openChunkFile } from "../read-file-chunks.js";
import type { TableFormat, TableReader, TableSource } from "../table.js";
import { splitJsonArray, splitJsonLines, type SplitResult, type SplitState } from "./json-elements.js";
import { columnsOfFirstRow, JsonBatch, parseJsonValue, rowCells, type JsonCell } from "./json-rows.js";

type Split = (buf: Buffer, isFinal: boolean, state: SplitState, path: string) => SplitResult;

/** Opens a JSON table whose rows are the elements `split` finds, streaming chunk by chunk. */
async function openJsonRows(path: string, format: TableFormat, split: Split): Promise<TableSource> {
  const file = await openChunkFile(path);
  const state: SplitState = { phase: 0, line: 1 };
  const window = createRollingWindow(file);
  let consumed = 0;
  let shape: { columns: string[]; isRecords: boolean } | null = null;

  const readBatch = async (): Promise<JsonBatch | null> => {
    for (;;) {
      const view = await window.next(consumed);
      if (view === null) {
        if (state.phase === 1) throw new InvalidInputError(`${path}: truncated JSON array (missing ])`);
        if (state.phase === 0 && split === splitJsonArray)
          throw new InvalidInputError(`${path}: empty file, no JSON array`);
        return null;
      }
      const found = split(view.bytes, view.isFinal, state, path);
      consumed = found.consumed;
      const rows: JsonCell[][] = [];
      const lines: number[] = [];
      const spans: { offset: number; length: number }[] = [];
      for (const element of found.elements) {
        const value = parseJsonValue(view.bytes.toString("utf8", element.start, element.end), path, element.line);
        shape ??= columnsOfFirstRow(value, path, element.line);
        rows.push(rowCells(value, shape.columns, shape.isRecords, path, element.line));
        lines.push(element.line);
        spans.push({ offset: view.fileOffset + element.start, length: element.end - element.start });
      }
      if (rows.length > 0) return new JsonBatch(rows, lines, spans);
      // A final window is consumed whole (the split throws on anything left over).
      if (view.isFinal) return null;
    }
  };

  try {
    const first = await readBatch();
    const columns = shape === null ? [] : (shape as { columns: string[] }).columns;
    let head: JsonBatch | null = first;
    return {
      path,
      format,
      columns,
      async nextBatch() {
        if (head !== null) {
          const batch = head;
          head = null;
          return batch;
        }
        return readBatch();
      },
      async readRowsAt(wanted) {
        const rows: JsonCell[][] = [];
        for (const span of wanted) {
          const bytes = await file.readAt(span.offset, span.length);
          const value = parseJsonValue(bytes.toString("utf8"), path, 0);
          rows.push(rowCells(value, columns, shape?.isRecords ?? true, path, 0));
        }
        return new JsonBatch(
          rows,
          wanted.map(() => 0),
          wanted,
        );
      },
      close: () => file.close(),
    };
  } catch (error) {
    await file.close();
    throw error;
  }
}

/** A JSON array of records (objects) or of arrays. */
export const jsonReader: TableReader = {
  format: "json",
  extensions: ["json"],
  openTable: (path) => openJsonRows(path, "json", splitJsonArray),
};

/** Newline-delimited JSON: one record or array per line. */
export const ndjsonReader: TableReader = {
  format: "ndjson",
  extensions: ["ndjson", "jsonl"],
  openTable: (path) => openJsonRows(path, "ndjson", (buf, isFinal, state) => splitJsonLines(buf, isFinal, state)),
};
