import { escapeHtml } from "./escape-html.js";
import type { StatesSeries } from "./report-model.js";
import { createScale, formatTick, niceTicks, px, renderAxes, type PlotArea } from "./svg-axes.js";

// Okabe–Ito colours (told apart with colour-blindness too) and a shape per state, so colour is never the only cue.
const stateColours = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000"];
const shapes = ["circle", "square", "triangle", "diamond", "cross"] as const;

/** The HMM states plot: close price per day, each day marked by its state (colour and shape), with axes, ticks, a legend per state and a title. */
export function renderStatesPlot(series: StatesSeries): string {
  const width = 960;
  const height = 380;
  const area: PlotArea = { left: 84, top: 44, width: width - 84 - 170, height: height - 44 - 62 };
  const n = series.close.length;
  let low = Infinity;
  let high = -Infinity;
  for (const v of series.close) {
    if (!Number.isFinite(v)) continue;
    low = Math.min(low, v);
    high = Math.max(high, v);
  }
  if (!(high >= low)) [low, high] = [0, 1];
  const pad = (high - low || 1) * 0.05;
  const x = createScale([0, Math.max(1, n - 1)], [area.left, area.left + area.width]);
  const y = createScale([low - pad, high + pad], [area.top + area.height, area.top]);
  const xTicks = niceTicks(0, Math.max(1, n - 1), 8).map((t) => ({ at: x(t), label: formatTick(t) }));
  const yTicks = niceTicks(low - pad, high + pad, 6)
    .filter((t) => t >= low - pad && t <= high + pad)
    .map((t) => ({ at: y(t), label: formatTick(t) }));
  const line = series.close
    .map((v, i) => (Number.isFinite(v) ? `${px(x(i))},${px(y(v))}` : ""))
    .filter((p) => p !== "")
    .join(" ");
  const stateIds = [...new Set(series.states)].filter((s) => Number.isInteger(s) && s >= 0).sort((a, b) => a - b);
  const groups = stateIds.map((state, k) => {
    const marks: string[] = [];
    series.states.forEach((s, i) => {
      if (s === state && Number.isFinite(series.close[i]))
        marks.push(marker(shapes[k % shapes.length]!, x(i), y(series.close[i]!), 2.6));
    });
    return `<g class="state state-${state}" fill="${stateColours[k % stateColours.length]}" stroke="${stateColours[k % stateColours.length]}"><title>State ${state}: ${marks.length} day(s)</title>${marks.join("")}</g>`;
  });
  const legendX = area.left + area.width + 20;
  const legend = [
    `<g class="legend" transform="translate(${legendX} ${area.top})">`,
    `<text class="legend-title" x="0" y="0">Legend</text>`,
    `<line x1="0" y1="18" x2="22" y2="18" stroke="#555" stroke-width="1.5"/><text x="30" y="18" dominant-baseline="middle">Close price</text>`,
    ...stateIds.map((state, k) => {
      const yy = 40 + k * 22;
      const count = series.states.filter((s) => s === state).length;
      return `<g fill="${stateColours[k % stateColours.length]}" stroke="${stateColours[k % stateColours.length]}">${marker(shapes[k % shapes.length]!, 11, yy, 4.5)}</g><text x="30" y="${yy}" dominant-baseline="middle">State ${state}: ${count} days</text>`;
    }),
    "</g>",
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart states-plot" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="states-plot-title">`,
    `<title id="states-plot-title">${escapeHtml(series.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text class="chart-title" x="${px(area.left + area.width / 2)}" y="24" text-anchor="middle">${escapeHtml(series.title)}</text>`,
    renderAxes(area, xTicks, yTicks, "Trading day (data row of the input)", "Close price"),
    `<polyline fill="none" stroke="#555" stroke-width="1.2" points="${line}"/>`,
    ...groups,
    ...legend,
    "</svg>",
  ].join("\n");
}

function marker(shape: (typeof shapes)[number], cx: number, cy: number, r: number): string {
  switch (shape) {
    case "circle":
      return `<circle cx="${px(cx)}" cy="${px(cy)}" r="${r}"/>`;
    case "square":
      return `<rect x="${px(cx - r)}" y="${px(cy - r)}" width="${px(2 * r)}" height="${px(2 * r)}"/>`;
    case "triangle":
      return `<path d="M${px(cx)} ${px(cy - r * 1.2)}L${px(cx + r * 1.1)} ${px(cy + r * 0.8)}H${px(cx - r * 1.1)}Z"/>`;
    case "diamond":
      return `<path d="M${px(cx)} ${px(cy - r * 1.3)}L${px(cx + r)} ${px(cy)}L${px(cx)} ${px(cy + r * 1.3)}L${px(cx - r)} ${px(cy)}Z"/>`;
    case "cross":
      return `<path d="M${px(cx - r)} ${px(cy - r)}L${px(cx + r)} ${px(cy + r)}M${px(cx + r)} ${px(cy - r)}L${px(cx - r)} ${px(cy + r)}" fill="none" stroke-width="1.5"/>`;
  }
}
