// @vitest-environment jsdom
// Storage full, as the member sees it: the household form says in Vietnamese that the phone's storage is
// full and what to do, keeps what was typed, and nothing of the save is written.
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { db } from '../../src/db/appDb';
import { repository } from '../../src/db/appRepository';
import { HouseholdEditor } from '../../src/features/households/HouseholdEditor';
import { initI18n } from '../../src/i18n';
import vi from '../../src/i18n/locales/vi.json';
import { memberDraft } from '../fixtures/records';
import { installWriteFault, type WriteFault } from './helpers/idb-faults';

const VILLAGE = 'village-1';
// Installed before the app's database is first opened (middleware belongs to the connection).
const fault: WriteFault = { table: 'outbox', armed: false, refused: 0, kind: 'quota' };
installWriteFault(db, fault);

beforeAll(() => {
  initI18n('vi');
});
afterEach(cleanup);

async function snapshot() {
  return { households: await db.households.toArray(), persons: await db.persons.toArray(), outbox: await db.outbox.toArray() };
}

describe('household form when storage is full', () => {
  it('tells the member in Vietnamese, keeps the typed values, and writes nothing', async () => {
    const id = await repository.saveHousehold({
      villageId: VILLAGE,
      fields: { headName: 'Nguyễn Văn An', address: 'Xóm Trên', business: 'none', acceptsCashless: false, consentGiven: true, consentAt: '2026-11-01', consentBy: 'Nguyễn Văn An' },
      members: [memberDraft({ fullName: 'Nguyễn Văn An', relation: 'head' })],
    });
    const household = (await db.households.get(id))!;
    const members = await db.persons.where('householdId').equals(id).toArray();
    const before = await snapshot();
    fault.armed = true;

    render(<HouseholdEditor villageId={VILLAGE} detail={{ household, members, visits: [], removedMembers: [] }} />);
    const address = screen.getByLabelText(vi.household.address) as HTMLInputElement;
    fireEvent.change(address, { target: { value: 'Xóm Mới, số 99' } });
    fireEvent.click(screen.getByTestId('save-household'));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(vi.household.storageFull);
    expect(fault.refused).toBe(1);
    expect((screen.getByLabelText(vi.household.address) as HTMLInputElement).value).toBe('Xóm Mới, số 99');
    expect(await snapshot()).toEqual(before);

    // Space was freed: the same tap saves it.
    fault.armed = false;
    fireEvent.click(screen.getByTestId('save-household'));
    expect(await screen.findByText(vi.household.saved)).toBeTruthy();
    expect((await db.households.get(id))!.address).toBe('Xóm Mới, số 99');
  });
});
