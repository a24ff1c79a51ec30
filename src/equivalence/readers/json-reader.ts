import { InvalidInputError } from "../../shared/errors.js";
import { openChunkFile } from "../read-file-chunks.js";
import type { TableFormat, TableReader, TableSource } from "../table.js";
import { splitJsonArray, splitJsonLines, type SplitResult, type SplitState } from "./json-elements.js";
import { columnsOfFirstRow, JsonBatch, parseJsonValue, rowCells, type JsonCell } from "./json-rows.js";

type Split = (buf: Buffer, isFinal: boolean, state: SplitState, path: string) => SplitResult;

/** Opens a JSON table whose rows are the elements `split` finds, streaming chunk by chunk. */
async function openJsonRows(path: string, format: TableFormat, split: Split): Promise<TableSource> {
  const file = await openChunkFile(path);
  const state: SplitState = { phase: 0, line: 1 };
  let pending: Buffer = Buffer.alloc(0);
  let pendingOffset = 0;
  let isEof = false;
  let shape: { columns: string[]; isRecords: boolean } | null = null;

  const readBatch = async (): Promise<JsonBatch | null> => {
    for (;;) {
      if (isEof && pending.length === 0) return null;
      const chunk = isEof ? null : await file.readChunk();
      if (chunk === null) isEof = true;
      const buf = chunk === null ? pending : pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      const found = split(buf, isEof, state, path);
      const rows: JsonCell[][] = [];
      const lines: number[] = [];
      const spans: { offset: number; length: number }[] = [];
      for (const element of found.elements) {
        const value = parseJsonValue(buf.toString("utf8", element.start, element.end), path, element.line);
        shape ??= columnsOfFirstRow(value, path, element.line);
        rows.push(rowCells(value, shape.columns, shape.isRecords, path, element.line));
        lines.push(element.line);
        spans.push({ offset: pendingOffset + element.start, length: element.end - element.start });
      }
      pending = buf.subarray(found.consumed);
      pendingOffset += found.consumed;
      if (rows.length > 0) return new JsonBatch(rows, lines, spans);
      if (isEof && pending.length === 0) return null;
      if (isEof) throw new InvalidInputError(`${path}: truncated JSON`);
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
        return new JsonBatch(rows, wanted.map(() => 0), wanted);
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
