// A phone as the server sees it, over real HTTP: an ordered queue of mutations pushed in batches with
// their idempotency keys, re-sent whole after any failure (as src/sync/engine.ts does). It remembers
// every mutation the server acknowledged, which is what the fault suites check after a crash.
import { PROTOCOL_VERSION, type Mutation, type MutationResult, type PullResponse } from '../../../src/shared/protocol';
import type { Prng } from './prng';

export interface Acknowledged {
  mutation: Mutation;
  result: MutationResult;
}

export class HttpDevice {
  readonly queue: Mutation[] = [];
  readonly acknowledged = new Map<string, Acknowledged>();
  /** The latest acknowledged version of each record this device wrote. */
  readonly versions = new Map<string, number>();
  /** The value each record should end with: the fields of its last mutation. */
  readonly expected = new Map<string, { entity: Mutation['entity']; fields: Record<string, unknown>; mutations: number }>();
  requests = 0;
  failedRequests = 0;
  private clock = Date.parse('2026-11-01T00:00:00Z');

  constructor(
    readonly name: string,
    readonly token: string,
    readonly villageId: string,
    private readonly baseUrl: () => string,
    private readonly random: Prng,
  ) {}

  private mutation(entity: Mutation['entity'], recordId: string, fields: Record<string, unknown>, baseVersion: number): Mutation {
    this.clock += 1000;
    const record = this.expected.get(recordId);
    this.expected.set(recordId, { entity, fields: { ...record?.fields, ...fields }, mutations: (record?.mutations ?? 0) + 1 });
    return { id: this.random.uuid(), entity, recordId, villageId: this.villageId, op: 'upsert', baseVersion, fields, clientTime: new Date(this.clock).toISOString() };
  }

  /** Records a new household with one member; the name is unique so a lost or doubled row shows. */
  addHousehold(): void {
    const householdId = this.random.uuid();
    const serial = this.expected.size;
    this.queue.push(
      this.mutation('household', householdId, { address: `Xóm ${this.name} số ${serial}`, headName: `Chủ hộ ${this.name} ${serial}`, business: 'none', acceptsCashless: false, consentGiven: true, consentAt: '2026-11-01', consentBy: 'Chủ hộ' }, 0),
      this.mutation('person', this.random.uuid(), {
        householdId, fullName: `Người ${this.name} ${serial}`, birthYear: 1980, sex: 'female', relation: 'head', residency: 'permanent', vneid: 'none',
        digitalSignature: 'none', healthBook: false, paymentAccount: false, usesCashless: false, smartphone: 'own', digitalSkills: 'none', onlinePublicServices: false,
      }, 0),
    );
  }

  /** Edits a member whose last change the server acknowledged (so the base version is known: no conflict). */
  editSomeone(): boolean {
    const queued = new Set(this.queue.map((m) => m.recordId));
    const candidates = [...this.expected.entries()].filter(([id, record]) => record.entity === 'person' && !queued.has(id) && this.versions.has(id));
    if (candidates.length === 0) return false;
    const [personId] = this.random.pick(candidates);
    const vneid = this.random.pick(['level1', 'level2_pending', 'level2', 'locked']);
    this.queue.push(this.mutation('person', personId, { vneid, healthBook: this.random.chance(0.5) }, this.versions.get(personId)!));
    return true;
  }

  /** Sends the head of the queue. False when no answer came (the batch stays queued, sent again later). */
  async pushBatch(size: number): Promise<boolean> {
    const batch = this.queue.slice(0, size);
    if (batch.length === 0) return true;
    this.requests += 1;
    let results: MutationResult[];
    try {
      const response = await fetch(`${this.baseUrl()}/api/sync/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
        body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION, deviceId: this.name, mutations: batch }),
      });
      if (!response.ok) throw new Error(`push ${response.status}: ${await response.text()}`);
      results = ((await response.json()) as { results: MutationResult[] }).results;
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('push ')) throw error; // an answer, but a wrong one
      this.failedRequests += 1;
      return false;
    }
    batch.forEach((mutation, index) => {
      const result = results[index];
      if (result.id !== mutation.id || (result.status !== 'applied' && result.status !== 'duplicate')) {
        throw new Error(`${this.name}: unexpected result ${JSON.stringify(result)} for ${mutation.id}`);
      }
      this.acknowledged.set(mutation.id, { mutation, result });
      this.versions.set(mutation.recordId, result.version!);
    });
    this.queue.splice(0, batch.length);
    return true;
  }

  /** A pull from the start, as a new phone of this member would do; failures are counted, not thrown. */
  async pullAll(): Promise<PullResponse['changes'] | null> {
    const changes: PullResponse['changes'] = [];
    let cursor = '';
    for (;;) {
      this.requests += 1;
      try {
        const response = await fetch(`${this.baseUrl()}/api/sync/pull?limit=2000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
          headers: { authorization: `Bearer ${this.token}`, 'x-protocol-version': String(PROTOCOL_VERSION) },
        });
        if (!response.ok) throw new Error(`pull ${response.status}`);
        const page = (await response.json()) as PullResponse;
        changes.push(...page.changes);
        cursor = page.cursor;
        if (!page.hasMore) return changes;
      } catch {
        this.failedRequests += 1;
        return null;
      }
    }
  }
}
