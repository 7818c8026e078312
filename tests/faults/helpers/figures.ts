// Each fault and security suite prints one JSON line of figures ("FAULT-FIGURES {...}") so the README's
// reliability section can quote a run, and the command that produced it, without retyping numbers.
export function recordFigures(suite: string, figures: Record<string, unknown>): void {
  console.log(`FAULT-FIGURES ${JSON.stringify({ suite, long: Boolean(process.env.FAULTS_LONG), ...figures })}`);
}
