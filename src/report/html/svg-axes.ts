import { escapeHtml } from "./escape-html.js";

/** Round tick values covering [low, high], about `count` of them (1, 2 or 5 times a power of ten apart). */
export function niceTicks(low: number, high: number, count: number): number[] {
  if (!(high > low)) return [low];
  const raw = (high - low) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(low / step) * step; v <= high + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** A tick label: plain digits for ordinary magnitudes, an exponent form for tiny or huge ones. */
export function formatTick(value: number): string {
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-3) return value.toExponential(0).replace("e+", "e");
  return String(Number(value.toPrecision(6)));
}

/** The plotting area of a chart inside its SVG, in pixels. */
export interface PlotArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A linear or log₁₀ scale from data values to pixels. */
export function createScale(domain: [number, number], range: [number, number], log = false): (value: number) => number {
  const f = log ? Math.log10 : (v: number) => v;
  const [d0, d1] = [f(domain[0]), f(domain[1])];
  const span = d1 - d0 || 1;
  return (value) => range[0] + ((f(value) - d0) / span) * (range[1] - range[0]);
}

/**
 * Draws the frame, the ticks with their labels and the two axis titles of a chart. Ticks are given in data values
 * with their pixel positions already computed by the caller's scales.
 */
export function renderAxes(
  area: PlotArea,
  xTicks: { at: number; label: string }[],
  yTicks: { at: number; label: string }[],
  xTitle: string,
  yTitle: string,
): string {
  const bottom = area.top + area.height;
  const right = area.left + area.width;
  const parts = [
    `<rect class="frame" x="${area.left}" y="${area.top}" width="${area.width}" height="${area.height}" fill="none" stroke="#444" stroke-width="1"/>`,
  ];
  for (const t of xTicks) {
    parts.push(
      `<line class="grid" x1="${px(t.at)}" y1="${area.top}" x2="${px(t.at)}" y2="${bottom}" stroke="#e3e6eb"/>`,
      `<line x1="${px(t.at)}" y1="${bottom}" x2="${px(t.at)}" y2="${bottom + 5}" stroke="#444"/>`,
      `<text class="tick" x="${px(t.at)}" y="${bottom + 18}" text-anchor="middle">${escapeHtml(t.label)}</text>`,
    );
  }
  for (const t of yTicks) {
    parts.push(
      `<line class="grid" x1="${area.left}" y1="${px(t.at)}" x2="${right}" y2="${px(t.at)}" stroke="#e3e6eb"/>`,
      `<line x1="${area.left - 5}" y1="${px(t.at)}" x2="${area.left}" y2="${px(t.at)}" stroke="#444"/>`,
      `<text class="tick" x="${area.left - 8}" y="${px(t.at)}" text-anchor="end" dominant-baseline="middle">${escapeHtml(t.label)}</text>`,
    );
  }
  parts.push(
    `<text class="axis-label" x="${px(area.left + area.width / 2)}" y="${bottom + 40}" text-anchor="middle">${escapeHtml(xTitle)}</text>`,
    `<text class="axis-label" transform="translate(${px(area.left - 58)} ${px(area.top + area.height / 2)}) rotate(-90)" text-anchor="middle">${escapeHtml(yTitle)}</text>`,
  );
  return parts.join("\n");
}

/** A pixel coordinate, rounded to keep the markup small. */
export function px(value: number): string {
  return String(Math.round(value * 10) / 10);
}
