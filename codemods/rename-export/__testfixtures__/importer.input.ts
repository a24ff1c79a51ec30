import { area, perimeter } from "./math.js";
import { area as a } from "./math";
import * as math from "./math.js";
import { area as unrelated } from "./other.js";

export function total(r: number): number {
  const { area: ignored } = { area: 1 };
  return area(r) + a(r) + math.area(r) + perimeter(r) + ignored + unrelated(r);
}

function shadow(area: number): number {
  return area * 2;
}

export const shapes = { area, label: "area", shadow };
export { area as areaOfCircle } from "./math.js";
