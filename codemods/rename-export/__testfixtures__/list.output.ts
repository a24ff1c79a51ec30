function surface(r: number): number {
  return r * r;
}

export { surface };
