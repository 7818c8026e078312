// Sync protocol v1: the messages between the phone's sync engine and the commune server, as zod schemas
// and TypeScript types. The rules (with ids such as [PU3]) are in docs/sync-protocol.md. No I/O and no
// server imports here: the client bundle imports this file.
import { z } from 'zod';
import { EARLIEST_YEAR } from './dates';
import { householdSchema, personSchema, villageSchema, visitSchema } from './schemas';
import { ENTITIES, type Entity } from './statuses';
import type { ApiError } from './errors';
import type { Household, Person, Village, Visit } from './types';

export const PROTOCOL_VERSION = 1;
/** Header that carries the protocol version on requests without a body (pull). [P2] */
export const PROTOCOL_VERSION_HEADER = 'x-protocol-version';

/** [PU1] A push carries at most this many mutations; more → 413 TOO_MANY_MUTATIONS. */
export const MAX_MUTATIONS_PER_PUSH = 1000;
/** [PU1] Largest push body in bytes; more → 413 PAYLOAD_TOO_LARGE. */
export const MAX_PUSH_BYTES = 5 * 1024 * 1024;
/** The largest household list the server takes (POST /api/import/households): a commune's 50,000 persons of ~200 bytes is 10 MB of CSV. The office screen checks it before uploading. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/** [PL2] Page sizes of a pull. */
export const PULL_DEFAULT_LIMIT = 500;
export const PULL_MAX_LIMIT = 2000;
/** [PL7] Records a phone may ask for by id in one request. */
export const MAX_RECORDS_PER_FETCH = 500;

const idString = z.string().min(1).max(64);

/**
 * Mutation ids and device ids the server writes for its own changes (a review decision, an import, an
 * erasure): a phone may not send them, or its change would collide with the server's (a 500 at review)
 * or pass for the server's own in the audit trail and the conflict rules.
 */
export const SERVER_MUTATION_PREFIXES = ['review:', 'import:', 'erase:'] as const;
export const SERVER_DEVICE_IDS = ['server', 'import'] as const;
const phoneMutationId = idString.refine((id) => !SERVER_MUTATION_PREFIXES.some((prefix) => id.startsWith(prefix)), { message: 'validation.reservedId' });

/**
 * One change made on a phone. `id` is the idempotency key (a UUID made on the phone, once). `fields`
 * holds only the changed fields, by their domain names; `null` clears an optional field. [PU4]
 */
export const mutationSchema = z.strictObject({
  id: phoneMutationId,
  entity: z.enum(ENTITIES),
  recordId: idString,
  villageId: idString,
  op: z.enum(['upsert', 'delete']),
  /** The record version the phone last saw; 0 for a record the server has never seen. */
  baseVersion: z.number().int().min(0),
  fields: z.record(z.string(), z.unknown()).default({}),
  /**
   * The phone's clock when the change was made (ISO 8601 with offset). Used only by rule [PC3]. A phone
   * whose clock was reset may say 1970; year 0000 is refused here, as PostgreSQL would refuse to store it.
   */
  clientTime: z.iso.datetime({ offset: true }).refine((value) => Number(value.slice(0, 4)) >= EARLIEST_YEAR, { message: 'validation.date' }),
});
export type Mutation = z.input<typeof mutationSchema>;
export type MutationOp = Mutation['op'];

/**
 * The envelope of a push. Mutations are checked one by one (so one bad mutation is rejected alone),
 * hence `unknown` here; only their `id` must be readable.
 */
export const pushRequestSchema = z.strictObject({
  protocolVersion: z.number().int(),
  deviceId: z.string().min(1).max(128).refine((id) => !(SERVER_DEVICE_IDS as readonly string[]).includes(id), { message: 'validation.reservedId' }),
  mutations: z.array(z.looseObject({ id: idString })),
  /** [PU12] The phone's pull cursor: a cursor of an earlier generation of the database is SERVER_RESTORED. */
  cursor: z.string().max(200).optional(),
});
export interface PushRequest {
  protocolVersion: number;
  deviceId: string;
  mutations: Mutation[];
  cursor?: string;
}

export const MUTATION_STATUSES = ['applied', 'duplicate', 'conflict', 'rejected'] as const;
export type MutationStatus = (typeof MUTATION_STATUSES)[number];

export interface MutationResult {
  id: string;
  status: MutationStatus;
  /** The record's version after the mutation (absent when rejected). */
  version?: number;
  /** Fields also changed by someone else since `baseVersion` (status `conflict`). [PC2] */
  conflictFields?: string[];
  error?: ApiError;
}

export interface PushResponse {
  results: MutationResult[];
}

export type SyncedRecord = Household | Person | Visit;
export type PullChange =
  | { entity: 'household'; record: Household }
  | { entity: 'person'; record: Person }
  | { entity: 'visit'; record: Visit };

export interface PullResponse {
  changes: PullChange[];
  /** Opaque; send it back as `cursor` to get the changes after these. [PL1] */
  cursor: string;
  hasMore: boolean;
  /**
   * True when the caller's villages changed since the cursor was issued: the pull restarted from the
   * beginning, and records of villages no longer in `/api/me` should be dropped on the phone. [PL5]
   */
  reset?: boolean;
  /**
   * True when the pull restarted because the server's database was restored from a backup since the
   * cursor was issued (also `reset`). What the phone holds may be newer than what the server now has. [PL8]
   */
  restored?: boolean;
  /**
   * On the last page of a pull (`hasMore: false`): the caller's villages as the server has them now, so a
   * name, code or expected household count the office changed reaches the phone with its next sync. [PL9]
   */
  villages?: Village[];
}

/** One record named by its entity and id. */
export const recordRefSchema = z.strictObject({ entity: z.enum(ENTITIES), id: idString });
export type RecordRef = z.infer<typeof recordRefSchema>;

/** [PL7] `POST /api/sync/records`: the server's current copy of records the phone names. */
export const recordsRequestSchema = z.strictObject({
  protocolVersion: z.number().int(),
  records: z.array(recordRefSchema).min(1).max(MAX_RECORDS_PER_FETCH),
});
/** [PL7] Those of the named records that are in the caller's villages, shaped as in a pull, in no set order. */
export interface RecordsResponse {
  changes: PullChange[];
}

/** Validates a pull answer on the phone: records must satisfy the same schemas as local saves. */
export const pullResponseSchema = z.object({
  changes: z.array(
    z.discriminatedUnion('entity', [
      z.object({ entity: z.literal('household'), record: householdSchema }),
      z.object({ entity: z.literal('person'), record: personSchema }),
      z.object({ entity: z.literal('visit'), record: visitSchema }),
    ]),
  ),
  cursor: z.string(),
  hasMore: z.boolean(),
  reset: z.boolean().optional(),
  restored: z.boolean().optional(),
  villages: z.array(villageSchema).optional(),
});

export function isEntity(value: unknown): value is Entity {
  return typeof value === 'string' && (ENTITIES as readonly string[]).includes(value);
}

/** A household whose consent a team recorded as withdrawn (GET /api/admin/consent-withdrawn, [DS4]). */
export interface WithdrawnHousehold {
  id: string;
  villageId: string;
  village: string;
  headName: string;
  address: string;
  /** When a phone recorded the withdrawal (the household's consent went from given to not given). */
  withdrawnAt: string;
  /** Members still recorded (not deleted). */
  members: number;
}
