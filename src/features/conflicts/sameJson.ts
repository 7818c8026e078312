// Two values as the server sends them (JSON): the same when their JSON is. Empty (null or absent) is one
// value: the server sends a cleared field as null.
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
