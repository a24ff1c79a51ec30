export interface Shape {
  area: number;
}

export function describe(shape: Shape): string {
  return `${shape.area}`;
}
