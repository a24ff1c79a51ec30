export function surface(r: number): number {
  return Math.PI * r * r;
}

export const twice = (r: number): number => 2 * surface(r);
const other = { area: 3 };

export { surface as circleArea, other };
