// Benchmark of the commune indicators alone (budgets.md: 50,000 people ≤ 150 ms on PGlite, ≤ 50 ms on
// PostgreSQL): a synthetic commune of 20 villages pushed through the real API, then GET /api/indicators
// for the whole commune, median after a warm-up. Prints JSON. `npm run bench` reports the same figure
// among all the others; this script measures only it, quickly.
// Run: npx tsx tests/bench/indicators.bench.ts [people] — PostgreSQL too when TEST_DATABASE_URL is set.
import { communeIndicatorsMs, ingestCommune, startBenchServer } from './serverBench';

const people = Number(process.argv[2] ?? 50_000);
const backends = process.env.TEST_DATABASE_URL ? (['pglite', 'postgres'] as const) : (['pglite'] as const);
const results = [];
for (const backend of backends) {
  const server = await startBenchServer(backend, 20, { postgresUrl: process.env.TEST_DATABASE_URL });
  try {
    const { persons } = await ingestCommune(server, people);
    results.push({ backend, persons, communeIndicatorsMedianMs: await communeIndicatorsMs(server, 9), goalMs: backend === 'pglite' ? 150 : 50 });
  } finally {
    await server.close();
  }
}
console.log(JSON.stringify({ benchmark: 'commune-indicators', results }));
