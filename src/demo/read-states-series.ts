import { openTable } from "../equivalence/diff/table-readers.js";
import { CellKind, type CellValue } from "../equivalence/diff/table.js";
import type { StatesSeries } from "../report/html/report-model.js";
import { InvalidInputError } from "../shared/errors.js";

/** Reads the Close and state columns of the HMM pipeline's states CSV (with the table reader `graft diff` uses). */
export async function readStatesSeries(file: string, source: string): Promise<StatesSeries> {
  const table = await openTable(file, "csv");
  try {
    const closeAt = table.columns.indexOf("Close");
    const stateAt = table.columns.indexOf("state");
    if (closeAt === -1 || stateAt === -1) throw new InvalidInputError(`${file}: expected columns Close and state`);
    const close: number[] = [];
    const states: number[] = [];
    const cell: CellValue = { kind: CellKind.empty, value: 0 };
    for (let batch = await table.nextBatch(); batch !== null; batch = await table.nextBatch()) {
      for (let row = 0; row < batch.rowCount; row++) {
        batch.readCell(row, closeAt, cell, false);
        close.push(cell.kind === CellKind.number ? cell.value : Number.NaN);
        batch.readCell(row, stateAt, cell, false);
        states.push(cell.kind === CellKind.number ? cell.value : -1);
      }
    }
    return { title: "Close price and HMM state per day", source, close, states };
  } finally {
    await table.close();
  }
}
