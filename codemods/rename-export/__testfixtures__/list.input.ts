function area(r: number): number {
  return r * r;
}

export { area };
