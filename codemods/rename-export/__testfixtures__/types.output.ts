export interface Figure {
  area: number;
}

export function describe(shape: Figure): string {
  return `${shape.area}`;
}
