// Whether two field values are the same, as the sync protocol carries them (JSON): the server's merge rule
// and the conflict review screen compare with it. An empty value (null or absent) is one value: a cleared
// field travels as null.

export function sameValue(a: unknown, b: unknown): boolean {
  // Field values are JSON primitives or arrays of strings (visit.helpedWith), where order matters.
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
