import type { DiffResult } from "../../equivalence/diff/diff-types.js";
import { formatError } from "../format-table.js";
import { escapeHtml } from "./escape-html.js";
import { createScale, px, renderAxes, type PlotArea } from "./svg-axes.js";

/**
 * Worst relative error per column on a log scale, each bar against its column's tolerance (a dashed line, rtol),
 * bars past it hatched as well as red. Columns that matched exactly have no bar and are counted below the chart.
 * Returns null when no column has any error (the table says so).
 */
export function renderErrorChart(diff: DiffResult, title: string, id: string): string | null {
  const columns = Object.entries(diff.columns).filter(([, c]) => c.maxRelError > 0);
  if (columns.length === 0) return null;
  const rowHeight = 20;
  const labelWidth = Math.min(220, 12 + 7.2 * Math.max(...columns.map(([name]) => name.length)));
  const width = 960;
  const area: PlotArea = {
    left: labelWidth + 10,
    top: 44,
    width: width - labelWidth - 10 - 40,
    height: columns.length * rowHeight,
  };
  const height = area.top + area.height + 70;
  const values = columns.flatMap(([, c]) => [c.maxRelError, ...(c.exact || c.rtol <= 0 ? [] : [c.rtol])]);
  const lowExp = Math.min(-16, Math.floor(Math.log10(Math.min(...values))) - 1);
  const highExp = Math.max(0, Math.ceil(Math.log10(Math.max(...values))) + 1);
  const x = createScale([10 ** lowExp, 10 ** highExp], [area.left, area.left + area.width], true);
  const step = Math.max(1, Math.ceil((highExp - lowExp) / 9));
  const xTicks: { at: number; label: string }[] = [];
  for (let e = lowExp; e <= highExp; e += step) xTicks.push({ at: x(10 ** e), label: `1e${e}` });
  const bars = columns.map(([name, c], i) => {
    const top = area.top + i * rowHeight + 3;
    const beyond = c.mismatches > 0;
    const tolerance =
      c.exact || c.rtol <= 0
        ? ""
        : `<line class="tolerance" x1="${px(x(c.rtol))}" y1="${px(top - 3)}" x2="${px(x(c.rtol))}" y2="${px(top + rowHeight - 3)}" stroke="#111" stroke-width="2" stroke-dasharray="4 2"/>`;
    return [
      `<g class="bar${beyond ? " beyond" : ""}">`,
      `<title>${escapeHtml(`${name}: worst relative error ${formatError(c.maxRelError)}, ${c.exact ? "exact" : `rtol ${c.rtol}`}, ${c.mismatches} mismatch(es)`)}</title>`,
      `<text class="tick" x="${px(area.left - 8)}" y="${px(top + rowHeight / 2 - 3)}" text-anchor="end" dominant-baseline="middle">${escapeHtml(name)}</text>`,
      `<rect x="${px(area.left)}" y="${px(top)}" width="${px(Math.max(1, x(c.maxRelError) - area.left))}" height="${rowHeight - 6}" fill="${beyond ? `url(#${id}-hatch)` : "#4C78A8"}"/>`,
      tolerance,
      `<text class="value" x="${px(x(c.maxRelError) + 4)}" y="${px(top + rowHeight / 2 - 3)}" dominant-baseline="middle">${formatError(c.maxRelError)}${beyond ? " ✗" : ""}</text>`,
      "</g>",
    ].join("");
  });
  const exact = Object.keys(diff.columns).length - columns.length;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart error-chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-title">`,
    `<title id="${id}-title">${escapeHtml(title)}</title>`,
    `<defs><pattern id="${id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#C0392B"/><line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern></defs>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text class="chart-title" x="${px(area.left + area.width / 2)}" y="24" text-anchor="middle">${escapeHtml(title)}</text>`,
    renderAxes(area, xTicks, [], "Worst relative error |m − l| / |l| (log scale); dashed line: the column's rtol", ""),
    ...bars,
    `<text class="note" x="${px(area.left)}" y="${px(height - 8)}">${exact > 0 ? `${exact} other column(s) matched with zero error (no bar). ` : ""}Hatched red bars and ✗: the column has cells beyond tolerance.</text>`,
    "</svg>",
  ].join("\n");
}
