export function area(r: number): number {
  return Math.PI * r * r;
}

export const twice = (r: number): number => 2 * area(r);
const other = { area: 3 };

export { area as circleArea, other };
