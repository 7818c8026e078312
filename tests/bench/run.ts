// `npm run bench [-- --json] [-- --people N] [-- --skip-browser] [-- --skip-postgres]`: measures the
// product against ../shared/budgets.md and prints each figure beside its goal (and a plain baseline
// where one exists). Timings belong here, never in tests.
// The server and sync figures are medians of `-- --runs N` runs (default 3), each on an empty database
// with a fresh phone; every run's value is printed beside the median. The browser figures are medians
// within one phone (5 cold starts, 30 saves, 12 keystrokes, 5 dashboard opens).
// Province scale (PostgreSQL only; several minutes and several GB of disk): `-- --skip-province`,
// `-- --province-communes N` (default 100), `-- --province-people-per-commune N` (default 30,000); one
// run, since building the province takes ~30 minutes.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { initialJsKb, INITIAL_JS_BUDGET_KB } from '../size/check-size.mjs';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../e2e/harness';
import { measureBrowser } from './browserBench';
import { baselineInsertSelect, communeIndicatorsMs, ingestCommune, pullAll, startBenchServer } from './serverBench';
import { measureProvince } from './provinceBench';
import { browserFirstPullThenPush, weakLinkVillage, type WeakLinkRun } from './syncBench';
import { machine, median, round, yardstickMs, type Figure } from './stats';

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const people = Number(args[args.indexOf('--people') + 1]) || (args.includes('--people') ? 0 : 50_000);
const numberArg = (flag: string, fallback: number) => (args.includes(flag) ? Number(args[args.indexOf(flag) + 1]) : fallback);
const runs = numberArg('--runs', 3);
const provinceCommunes = numberArg('--province-communes', 100);
const provincePeople = numberArg('--province-people-per-commune', 30_000);
const postgresUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const figures: Figure[] = [];
const log = (text: string) => {
  if (!asJson) console.log(text);
};

function add(figure: Figure) {
  figures.push(figure);
  const goal = figure.goal ? `  (goal ${figure.goal}: ${figure.withinGoal ? 'met' : 'NOT met'})` : '';
  const spread = figure.runs ? `  {runs: ${figure.runs.join(', ')}}` : '';
  const baseline = figure.baseline ? `  [baseline ${figure.baseline.name}: ${figure.baseline.value} ${figure.unit}, ratio ${figure.baseline.ratio}]` : '';
  log(`${figure.name}: ${figure.value} ${figure.unit}${goal}${baseline}${spread}`);
}
const atMost = (value: number, goal: number, unit: string) => ({ goal: `≤ ${goal} ${unit}`, withinGoal: value <= goal });
const atLeast = (value: number, goal: number, unit: string) => ({ goal: `≥ ${goal} ${unit}`, withinGoal: value >= goal });

interface CommuneRun {
  records: number;
  persons: number;
  ingestRate: number;
  baselineRate: number;
  indicatorsMs: number;
  pullRate: number;
  firstPullRate: number;
  firstPullRecords: number;
  /** The same records written by Dexie's bulkPut on the same phone (syncBench.ts). */
  firstPullBaselineRate: number;
  pushSeconds: number;
  pushed: number;
  /** The first pull's answers: bytes on the wire and of their JSON. */
  firstPullWireKb: number;
  firstPullJsonKb: number;
  /** Over emulated 3G (syncBench.ts weakLinkVillage), PGlite runs only; null otherwise. */
  weakLink: { compressed: WeakLinkRun; plain: WeakLinkRun } | null;
}

const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000);

/** One run on an empty database: ingest, baseline, indicators, a server-side pull, then a phone's first pull and push. */
async function measureCommuneRun(backend: 'pglite' | 'postgres', browser: Browser | null): Promise<CommuneRun> {
  const server = await startBenchServer(backend, 20, { postgresUrl, distDir: resolve('dist') });
  try {
    const ingest = await ingestCommune(server, people);
    const baseline = await baselineInsertSelect(server.db);
    const indicatorsMs = await communeIndicatorsMs(server);
    const pull = await pullAll(server);
    const sync = browser ? await browserFirstPullThenPush(browser, server, 10_000) : null;
    // The link decides a weak-link download, not the database: measured on one backend only.
    // The plain download first: the compressed run then pushes 1,000 changes into the same village.
    const plainWeakLink = browser && backend === 'pglite' ? await weakLinkVillage(browser, server, false) : null;
    const weakLink = browser && plainWeakLink ? { plain: plainWeakLink, compressed: await weakLinkVillage(browser, server, true) } : null;
    if (weakLink && weakLink.plain.records !== weakLink.compressed.records) throw new Error(`weak link: ${weakLink.plain.records} records plain, ${weakLink.compressed.records} compressed`);
    return {
      records: ingest.records,
      persons: ingest.persons,
      ingestRate: perSecond(ingest.records, ingest.ms),
      baselineRate: perSecond(baseline.rows, baseline.ms),
      indicatorsMs,
      pullRate: perSecond(pull.records, pull.ms),
      firstPullRate: sync ? perSecond(sync.records, sync.pullMs) : 0,
      firstPullRecords: sync?.records ?? 0,
      firstPullBaselineRate: sync ? perSecond(sync.records, sync.baselineMs) : 0,
      pushSeconds: sync ? round(sync.pushMs / 1000, 2) : 0,
      pushed: sync?.sent ?? 0,
      firstPullWireKb: sync ? Math.round(sync.pullBytes.wire / 1024) : 0,
      firstPullJsonKb: sync ? Math.round(sync.pullBytes.json / 1024) : 0,
      weakLink,
    };
  } finally {
    await server.close();
  }
}

if (!existsSync('dist/index.html')) throw new Error('dist/ is missing: run `npm run build` first (npm run bench does).');
const yardstickAtStart = yardstickMs();
log(`Công Dân Số benchmark — ${people.toLocaleString('en')} people — ${JSON.stringify(machine())} — yardstick ${yardstickAtStart} ms`);

const { kb } = initialJsKb('dist');
add({ name: 'initial JS of the app shell (gzip -9)', value: kb, unit: 'KB', ...atMost(kb, INITIAL_JS_BUDGET_KB, 'KB') });

const browser = args.includes('--skip-browser') ? null : await launchChromium();
try {
  if (browser) {
    const b = await measureBrowser(browser, { people, runs: 5 });
    add({ name: 'offline cold start to the household list (300 households)', value: b.coldStartMs, unit: 'ms', note: 'desktop Chromium, no throttling' });
    add({ name: 'offline cold start, 4× CPU throttling', value: b.coldStartThrottledMs, unit: 'ms', ...atMost(b.coldStartThrottledMs, 1000, 'ms') });
    add({ name: 'save one household with members and outbox entries (validation + IndexedDB transaction), p50', value: b.writeP50Ms, unit: 'ms' });
    add({ name: 'save one household with members and outbox entries (validation + IndexedDB transaction), p95', value: b.writeP95Ms, unit: 'ms', ...atMost(b.writeP95Ms, 20, 'ms') });
    add({ name: 'save one household, tap to "saved" on screen, p50', value: b.saveP50Ms, unit: 'ms' });
    add({ name: 'save one household, tap to "saved" on screen, p95', value: b.saveP95Ms, unit: 'ms', note: 'the whole interaction: form validation, the write, re-render' });
    add({ name: `search per keystroke, ${b.peopleOnPhone.toLocaleString('en')} people on the phone, median`, value: b.searchMedianMs, unit: 'ms', ...atMost(b.searchMedianMs, 50, 'ms') });
    add({ name: 'search per keystroke, slowest', value: b.searchMaxMs, unit: 'ms' });
    add({ name: `village dashboard, ${b.peopleOnPhone.toLocaleString('en')} people`, value: b.dashboardMs, unit: 'ms', ...atMost(b.dashboardMs, 100, 'ms') });
    add({ name: 'JS heap with that village loaded', value: b.heapMb, unit: 'MB', ...atMost(b.heapMb, 150, 'MB') });
  }

  for (const backend of args.includes('--skip-postgres') ? (['pglite'] as const) : (['pglite', 'postgres'] as const)) {
    // Each run starts from an empty database and a fresh phone; the figures are the runs' medians.
    const measured: CommuneRun[] = [];
    for (let run = 1; run <= runs; run++) {
      measured.push(await measureCommuneRun(backend, browser));
      log(`  ${backend}, run ${run} of ${runs} done`);
    }
    const [first] = measured;
    const figureOf = (pick: (run: CommuneRun) => number) => {
      const values = measured.map(pick);
      return { value: round(median(values), 1), runs: values };
    };
    const ingest = figureOf((run) => run.ingestRate);
    const baseline = figureOf((run) => run.baselineRate);
    add({
      name: `${backend}: ingest through /api/sync/push (${first.records.toLocaleString('en')} records)`,
      ...ingest,
      unit: 'records/s',
      ...atLeast(ingest.value, backend === 'pglite' ? 20_000 : 100_000, 'records/s'),
      baseline: { name: 'INSERT … SELECT of the same rows', value: baseline.value, ratio: round(ingest.value / baseline.value, 3) },
    });
    const indicators = figureOf((run) => run.indicatorsMs);
    add({ name: `${backend}: commune indicators (${first.persons.toLocaleString('en')} people)`, ...indicators, unit: 'ms', ...atMost(indicators.value, backend === 'pglite' ? 150 : 50, 'ms'), note: 'each run: median of 7 calls' });
    add({ name: `${backend}: server side of a full pull, loopback HTTP`, ...figureOf((run) => run.pullRate), unit: 'records/s' });
    if (browser) {
      const firstPull = figureOf((run) => run.firstPullRate);
      const firstPullBaseline = figureOf((run) => run.firstPullBaselineRate);
      const pushSeconds = figureOf((run) => run.pushSeconds);
      add({
        name: `${backend}: first pull of the commune into IndexedDB in Chromium (${first.firstPullRecords.toLocaleString('en')} records)`,
        ...firstPull,
        unit: 'records/s',
        ...atLeast(firstPull.value, 12_000, 'records/s'),
        baseline: { name: 'Dexie bulkPut of the same records, 2,000 per transaction, same phone', value: firstPullBaseline.value, ratio: round(firstPull.value / firstPullBaseline.value, 3) },
      });
      add({ name: `${backend}: push ${first.pushed.toLocaleString('en')} changes from Chromium, "Đồng bộ ngay" to an empty outbox`, ...pushSeconds, unit: 's', ...(backend === 'pglite' ? atMost(pushSeconds.value, 3, 's') : {}) });
      const wire = figureOf((run) => run.firstPullWireKb);
      const json = figureOf((run) => run.firstPullJsonKb);
      add({
        name: `${backend}: first pull of the commune, bytes on the wire`,
        ...wire,
        unit: 'KB',
        baseline: { name: 'the same answers as JSON (uncompressed)', value: json.value, ratio: round(wire.value / json.value, 3) },
      });
      if (first.weakLink) {
        const weak = (pick: (run: { compressed: WeakLinkRun; plain: WeakLinkRun }) => number) => figureOf((run) => pick(run.weakLink!));
        const seconds = weak((w) => round(w.compressed.pullMs / 1000, 2));
        const plainSeconds = weak((w) => round(w.plain.pullMs / 1000, 2));
        const { records } = first.weakLink.compressed;
        add({
          name: `member's first download of one village (${records.toLocaleString('en')} records) over emulated Fast 3G (~1.5 Mbit/s down, ~690 kbit/s up, 563 ms latency)`,
          ...seconds,
          unit: 's',
          baseline: { name: 'the same download uncompressed (x-no-compression)', value: plainSeconds.value, ratio: round(seconds.value / plainSeconds.value, 3) },
          note: `${Math.round(first.weakLink.compressed.bytes.wire / 1024)} KB on the wire compressed, ${Math.round(first.weakLink.plain.bytes.wire / 1024)} KB uncompressed (first run)`,
        });
        add({
          name: `push ${first.weakLink.compressed.pushed.toLocaleString('en')} changes over the same emulated 3G link, compressed`,
          ...weak((w) => round(w.compressed.pushMs! / 1000, 2)),
          unit: 's',
        });
      }
    }
  }
} finally {
  await browser?.close();
}

if (!args.includes('--skip-postgres') && !args.includes('--skip-province')) {
  if (!(provinceCommunes >= 1 && provincePeople >= 1)) throw new Error('--province-communes and --province-people-per-commune take a positive number');
  const p = await measureProvince({ postgresUrl, communes: provinceCommunes, peoplePerCommune: provincePeople, progress: log });
  const rate = (run: { records: number; ms: number }) => Math.round((run.records / run.ms) * 1000);
  const copyRate = rate(p.copy);
  const emptyRate = rate(p.firstPush);
  const provinceRate = rate(p.provincePush);
  const scale = `${p.communes} communes, ${p.persons.toLocaleString('en')} people`;
  add({
    name: `postgres, province: indicators of every village (${scale}; ${p.villages.toLocaleString('en')} villages), median of 5`,
    value: p.indicatorsMs,
    unit: 'ms',
    ...atMost(p.indicatorsMs, 1000, 'ms'),
    note: `runs ${p.indicatorsRunsMs.join(', ')} ms; totals checked against the phone's module`,
  });
  add({
    name: `postgres, province: ingest of one more commune through /api/sync/push into the province (${p.provincePush.records.toLocaleString('en')} records)`,
    value: provinceRate,
    unit: 'records/s',
    ...atLeast(provinceRate, 100_000, 'records/s'),
    baseline: { name: 'INSERT … SELECT copies of a commune, same triggers', value: copyRate, ratio: round(provinceRate / copyRate, 3) },
    note: `${round(p.provincePush.ms / 1000, 1)} s, of which ${p.provincePush.analyzes} ANALYZE of the province's synced tables run by the push path (src/server/sync/table-stats.ts)`,
  });
  add({ name: `postgres, province: one ANALYZE of households, persons, visits, applied_mutations (${scale})`, value: round(p.analyzeMs / 1000, 1), unit: 's', note: 'what the push path runs after enough writes' });
  add({ name: `postgres, province: a commune of the same size pushed into the empty database (${p.firstPush.records.toLocaleString('en')} records)`, value: emptyRate, unit: 'records/s', note: 'same method, measured in the same run' });
  add({
    name: `postgres, province: copies of the first commune by INSERT … SELECT (${p.copy.records.toLocaleString('en')} records + ${p.copy.auditRows.toLocaleString('en')} applied_mutations rows)`,
    value: copyRate,
    unit: 'records/s',
    note: `${round(p.copy.ms / 1000, 1)} s; the plain-SQL baseline of the push (history and indicator triggers fire)`,
  });
  add({ name: `postgres, province: database size (${scale})`, value: round(p.databaseBytes / 2 ** 30, 2), unit: 'GiB', note: `built, measured and dropped in ${round(p.totalMs / 1000)} s` });
}

const yardstickAtEnd = yardstickMs();
log(`yardstick at the end: ${yardstickAtEnd} ms (at the start: ${yardstickAtStart} ms; higher is slower)`);
if (asJson) console.log(JSON.stringify({ date: new Date().toISOString(), people, machine: { ...machine(), yardstickMs: { atStart: yardstickAtStart, atEnd: yardstickAtEnd } }, figures }));
