// A pull page is checked with the shared zod schemas before anything is written: the phone's database
// only ever holds records that its own forms would accept (architecture.md, practice 1).
//
// Every field of every record still goes through its own zod schema, but not through zod's object
// machinery. Measured on a first download of 74,978 records in Chromium, `pullResponseSchema.safeParse`
// took ~540 ms of the page's CPU (~7 µs a record) plus the garbage of a copy of every record: the app's
// CSP forbids eval, so zod runs "jitless" (src/strictCsp.ts) and walks each object generically. Here each
// record schema's fields are run one by one with zod's own parse-and-checks (`_zod.run`, the same code
// `safeParse` runs for them, refinements and codepoint lengths included), then the schema's whole-record
// checks (a person's birth date against the birth year). A record is taken as it came only when all of
// that passes AND zod would hand back exactly the same values: every key one the (strict) schema knows,
// no required key missing, no value changed by a transform (text not already trimmed). Anything else —
// and any schema this does not understand — sends the whole page through `safeParse` as before, which
// refuses it or returns zod's own copy. tests/unit/sync/pullValidation.test.ts checks the two agree.
import { z } from 'zod';
import { householdSchema, personSchema, villageSchema, visitSchema } from '../shared/schemas';
import { pullResponseSchema, type PullChange, type PullResponse } from '../shared/protocol';
import type { Entity } from '../shared/statuses';
import { ApiFailure } from './api';

const villagesSchema = z.array(villageSchema);

export function parsePullResponse(raw: unknown): PullResponse {
  const fast = pageAsIs(raw);
  if (fast) return fast;
  const parsed = pullResponseSchema.safeParse(raw);
  if (!parsed.success) throw new ApiFailure(200, 'BAD_RESPONSE');
  return parsed.data as PullResponse;
}

/**
 * [PL7] The answer of `POST /api/sync/records`: its changes are checked exactly as a pull page's (the
 * same record schemas), so the phone stores nothing its forms would refuse.
 */
export function parseRecordsResponse(raw: unknown): PullChange[] {
  if (!isObject(raw)) throw new ApiFailure(200, 'BAD_RESPONSE');
  return parsePullResponse({ changes: raw.changes, cursor: '', hasMore: false }).changes;
}

/** The minimum of zod's internals used here (zod/v4/core's `_zod`, the surface its own wrappers build on). */
interface Payload {
  value: unknown;
  issues: unknown[];
  /** Set by some wrappers (zod's runChecks then skips the checks): cleared before every use. */
  memo?: boolean;
}
interface Internals {
  def: { type: string; catchall?: { _zod: Internals }; shape?: Record<string, { _zod: Internals }>; checks?: { _zod: CheckInternals }[] };
  run(payload: Payload, ctx: { async: false }): Payload | Promise<Payload>;
  optin?: string;
  optout?: string;
}
interface CheckInternals {
  def: { when?: (payload: Payload) => boolean };
  check(payload: Payload): unknown;
}

const CTX = { async: false } as const;
/** Reused for every field: the checks are synchronous and nothing keeps a payload that passed. */
const payload: Payload = { value: undefined, issues: [], memo: undefined };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** zod's output for one field equals its input: the same primitive, or an array of the same items. */
function unchanged(output: unknown, input: unknown): boolean {
  if (output === input) return true;
  if (!Array.isArray(output) || !Array.isArray(input) || output.length !== input.length) return false;
  return output.every((item, i) => item === input[i]);
}

type RecordCheck = (record: unknown) => boolean;

/**
 * A check that is true only when `schema.safeParse(record)` succeeds with the same values as `record`, or
 * null when the schema is not a strict object this understands (its records then always go to zod).
 */
function recordCheck(schema: z.ZodType): RecordCheck | null {
  const internals = (schema as unknown as { _zod: Internals })._zod;
  const { def } = internals;
  if (def.type !== 'object' || !def.shape || def.catchall?._zod.def.type !== 'never') return null;
  const fields = Object.entries(def.shape).map(([key, field]) => ({ key, zod: field._zod, optional: field._zod.optin === 'optional' && field._zod.optout === 'optional' }));
  const checks = (def.checks ?? []).map((check) => check._zod);
  return (record) => {
    if (!isObject(record)) return false;
    let present = 0;
    for (const field of fields) {
      const value = record[field.key];
      if (value === undefined && !(field.key in record)) {
        if (field.optional) continue;
        return false;
      }
      present++;
      const result = run(field.zod, value);
      if (result instanceof Promise || result.issues.length > 0 || !unchanged(result.value, value)) return false;
    }
    // Every key is one the schema knows (a strict object refuses any other).
    if (Object.keys(record).length !== present) return false;
    // The whole-record checks, as zod runs them after the fields (runChecks): `when` decides, and every
    // field passed, so nothing has aborted.
    for (const check of checks) {
      reset(record);
      if (check.def.when && !check.def.when(payload)) continue;
      if (check.check(payload) instanceof Promise || payload.issues.length > 0) return false;
    }
    return true;
  };
}

function reset(value: unknown): void {
  payload.value = value;
  // Only when needed: setting an array's length is a slow runtime call (a third of this file's time).
  if (payload.issues.length > 0) payload.issues = [];
  payload.memo = undefined;
}

function run(zod: Internals, value: unknown): Payload | Promise<Payload> {
  reset(value);
  return zod.run(payload, CTX);
}

const RECORD_CHECKS: Record<Entity, RecordCheck | null> = {
  household: recordCheck(householdSchema),
  person: recordCheck(personSchema),
  visit: recordCheck(visitSchema),
};

/** The page as it came (in a new envelope, as zod makes), or null when zod must decide. Exported for its test. */
export function pageAsIs(raw: unknown): PullResponse | null {
  try {
    if (!isObject(raw) || !Array.isArray(raw.changes) || typeof raw.cursor !== 'string' || typeof raw.hasMore !== 'boolean') return null;
    for (const flag of ['reset', 'restored'] as const) if (flag in raw && raw[flag] !== undefined && typeof raw[flag] !== 'boolean') return null;
    const changes: PullChange[] = raw.changes;
    for (const change of changes as unknown[]) {
      if (!isObject(change)) return null;
      // A string first: hasOwn would turn ["household"] into the key "household".
      const check = typeof change.entity === 'string' && Object.hasOwn(RECORD_CHECKS, change.entity) ? RECORD_CHECKS[change.entity as Entity] : null;
      // A change with keys besides entity and record: zod would return a copy without them.
      if (!check || Object.keys(change).length !== 2 || !('record' in change) || !check(change.record)) return null;
    }
    // [PL9] A few dozen villages on the last page: zod checks them (and copies them) as it would.
    const villages = raw.villages === undefined ? undefined : villagesSchema.safeParse(raw.villages);
    if (villages && !villages.success) return null;
    return {
      changes, cursor: raw.cursor, hasMore: raw.hasMore,
      ...('reset' in raw ? { reset: raw.reset as boolean | undefined } : {}),
      ...('restored' in raw ? { restored: raw.restored as boolean | undefined } : {}),
      ...(villages ? { villages: villages.data } : {}),
    };
  } catch {
    // A check that throws (or would need to wait): zod decides, and reports it its own way.
    return null;
  } finally {
    reset(undefined);
  }
}
