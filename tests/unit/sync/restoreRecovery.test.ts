// What a phone sends back after the server's database was restored from a backup (src/db/restoreRecovery.ts),
// decided record by record: pure functions, checked here case by case; restore.test.ts runs them against
// the real server.
import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../../src/db/database';
import { lostOnServer, newerOnPhone } from '../../../src/db/restoreRecovery';
import type { PullChange } from '../../../src/shared/protocol';
import type { Household, SyncMeta } from '../../../src/shared/types';
import { household } from '../../fixtures/records';

let ids = 0;
const newId = () => `m${++ids}`;
const at = (hour: number) => `2026-11-2${hour < 24 ? 0 : 1}T${String(hour % 24).padStart(2, '0')}:00:00.000Z`;
const record = (overrides: Partial<Household>): Household => household({ id: 'h1', villageId: 'v1', version: 3, updatedAt: at(8), deleted: false, address: 'Bản Trên', ...overrides });
const pulled = (overrides: Partial<Household>): PullChange => ({ entity: 'household', record: record(overrides) });
const waitingEdit = (fields: Record<string, unknown>, clientTime = at(20)): OutboxEntry => ({
  seq: 1, mutationId: 'w1', entity: 'household', recordId: 'h1', villageId: 'v1', op: 'upsert', baseVersion: 0, creates: false, fields, clientTime, state: 'pending',
});
const send = (server: Partial<Household>, phone: Partial<Household>, waiting: OutboxEntry[] = []) =>
  newerOnPhone([pulled(server)], new Map([['h1', record(phone) as SyncMeta]]), new Map(waiting.length > 0 ? [['h1', waiting]] : []), newId).map(({ op, fields, baseVersion, clientTime }) => ({ op, fields, baseVersion, clientTime }));

describe('a pulled record the phone holds newer', () => {
  it('a higher version: the fields that differ go back, judged by time (base 0), at the time of the phone\'s copy', () => {
    expect(send({ version: 3 }, { version: 4, updatedAt: at(9), address: 'Bản Dưới' })).toEqual([{ op: 'upsert', fields: { address: 'Bản Dưới' }, baseVersion: 0, clientTime: at(9) }]);
  });

  it('the same version numbered again after the restore, but a later copy here: it goes back', () => {
    expect(send({ version: 4, updatedAt: at(8) }, { version: 4, updatedAt: at(9), address: 'Bản Dưới' })).toHaveLength(1);
  });

  it('an older copy here sends nothing', () => {
    expect(send({ version: 5, updatedAt: at(10), address: 'Bản Mới' }, { version: 4, updatedAt: at(9) })).toEqual([]);
  });

  it('a change waiting here: its own fields go with it; the time it gave the copy does not make the other fields newer', () => {
    const edit = waitingEdit({ note: 'gọi lại' });
    expect(send({ version: 4, updatedAt: at(10), address: 'Bản Mới' }, { version: 4, updatedAt: at(20), note: 'gọi lại' }, [edit])).toEqual([]);
  });

  it('deleted here: the deletion goes back whatever the versions, after the values it was deleted with', () => {
    expect(send({ version: 7, updatedAt: at(22) }, { version: 5, updatedAt: at(9), deleted: true }).map((e) => e.op)).toEqual(['delete']);
    expect(send({ version: 3 }, { version: 4, updatedAt: at(9), deleted: true, address: 'Bản Dưới' }).map((e) => e.op)).toEqual(['upsert', 'delete']);
  });
});

describe('a record the restored server no longer has', () => {
  const lost = (records: SyncMeta[], waiting: OutboxEntry[] = [], villages = ['v1']) =>
    lostOnServer({ household: records, person: [], visit: [] }, new Set(), new Set(villages), new Map(waiting.length > 0 ? [['h1', waiting]] : []), newId).map(({ op, creates, recordId }) => ({ op, creates, recordId }));

  it('goes back whole as a creation; one acknowledged but never pulled back (version 0) too', () => {
    expect(lost([record({ version: 3 })])).toEqual([{ op: 'upsert', creates: true, recordId: 'h1' }]);
    expect(lost([record({ version: 0 })])).toEqual([{ op: 'upsert', creates: true, recordId: 'h1' }]);
  });

  it('version 0 with a later edit waiting, its creation acknowledged: still created again (the edit alone would be refused)', () => {
    expect(lost([record({ version: 0 })], [waitingEdit({ headName: 'Hà Văn Hai' })])).toEqual([{ op: 'upsert', creates: true, recordId: 'h1' }]);
  });

  it('its creation still waiting: nothing more', () => {
    expect(lost([record({ version: 0 })], [{ ...waitingEdit({ headName: 'x' }), creates: true }])).toEqual([]);
  });

  it('deleted here: created and deleted, so another phone\'s copy does not bring it back (also at version 0: both were acknowledged)', () => {
    expect(lost([record({ version: 2, deleted: true })]).map((e) => e.op)).toEqual(['upsert', 'delete']);
    expect(lost([record({ version: 0, deleted: true })]).map((e) => e.op)).toEqual(['upsert', 'delete']);
  });

  it('only in the villages the server lists for the account', () => {
    expect(lost([record({ version: 3 })], [], ['v2'])).toEqual([]);
  });
});
