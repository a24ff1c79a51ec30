import { surface, perimeter } from "./math.js";
import { surface as a } from "./math";
import * as math from "./math.js";
import { area as unrelated } from "./other.js";

export function total(r: number): number {
  const { area: ignored } = { area: 1 };
  return surface(r) + a(r) + math.surface(r) + perimeter(r) + ignored + unrelated(r);
}

function shadow(area: number): number {
  return area * 2;
}

export const shapes = { area: surface, label: "area", shadow };
export { surface as areaOfCircle } from "./math.js";
