// @vitest-environment jsdom
// The household form while a sync changes the household underneath (a village head's edit pulled in the
// background, or a draft restored days later): an untouched form shows the new state; a form with edits
// keeps them, and its save writes only what the user changed, so the head's changes and the member the
// head added survive it.
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { db } from '../../../src/db/appDb';
import { repository } from '../../../src/db/appRepository';
import type { HouseholdDetail } from '../../../src/db/queries';
import { HouseholdEditor } from '../../../src/features/households/HouseholdEditor';
import { initI18n } from '../../../src/i18n';
import vi from '../../../src/i18n/locales/vi.json';
import householdsVi from '../../../src/features/households/locales/vi.json';
import { memberDraft } from '../../fixtures/records';

const VILLAGE = 'village-1';

beforeAll(() => initI18n('vi'));
beforeEach(async () => {
  localStorage.clear();
  await Promise.all([db.households.clear(), db.persons.clear(), db.outbox.clear(), db.householdSearch.clear()]);
});
afterEach(cleanup);

async function detailOf(id: string): Promise<HouseholdDetail> {
  const household = (await db.households.get(id))!;
  const members = (await db.persons.where('householdId').equals(id).toArray()).filter((p) => !p.deleted);
  return { household, members, visits: [], removedMembers: [] };
}

/** A household the server has at version 2, with its head. */
async function savedHousehold(): Promise<string> {
  const id = await repository.saveHousehold({
    villageId: VILLAGE,
    fields: { headName: 'Lò Văn Pá', address: 'Bản Na', business: 'none', acceptsCashless: false, consentGiven: false },
    members: [memberDraft({ fullName: 'Lò Văn Pá', relation: 'head' })],
  });
  await db.outbox.clear();
  await db.households.update(id, { version: 2 });
  return id;
}

/** What a pull writes: the village head's new phone number (version 3) and a child the head added. */
async function headChanges(id: string): Promise<void> {
  await db.households.update(id, { version: 3, phone: '0987654321' });
  await db.persons.put({ ...memberDraft({ fullName: 'Lò Thị Xuân', relation: 'child', birthYear: 2012, sex: 'female' }), id: 'child-from-head', householdId: id, villageId: VILLAGE, version: 3, deleted: false, updatedAt: '2026-11-22T02:00:00.000Z' });
}

const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement;

describe('household form while a sync changes the household', () => {
  it('an untouched form shows what the sync brought', async () => {
    const id = await savedHousehold();
    const { rerender } = render(<HouseholdEditor villageId={VILLAGE} detail={await detailOf(id)} />);
    expect(field(vi.household.phone).value).toBe('');
    await headChanges(id);
    rerender(<HouseholdEditor villageId={VILLAGE} detail={await detailOf(id)} />);
    await waitFor(() => expect(field(vi.household.phone).value).toBe('0987654321'));
  });

  it('a form with edits keeps them; its save keeps the head\'s number and the child the head added', async () => {
    const id = await savedHousehold();
    const { rerender } = render(<HouseholdEditor villageId={VILLAGE} detail={await detailOf(id)} />);
    fireEvent.change(field(vi.household.address), { target: { value: 'Bản Na, nhà số 7' } });
    await headChanges(id);
    expect(screen.queryByText(householdsVi.household.changedMeanwhile)).toBeNull();
    rerender(<HouseholdEditor villageId={VILLAGE} detail={await detailOf(id)} />);
    expect(field(vi.household.address).value).toBe('Bản Na, nhà số 7');
    expect(field(vi.household.phone).value).toBe('');
    // The user is told the household changed meanwhile and that the save merges.
    expect(await screen.findByText(householdsVi.household.changedMeanwhile)).toBeTruthy();

    fireEvent.click(screen.getByTestId('save-household'));
    expect(await screen.findByText(vi.household.saved)).toBeTruthy();
    expect(screen.queryByText(householdsVi.household.changedMeanwhile)).toBeNull();
    expect(await db.households.get(id)).toMatchObject({ address: 'Bản Na, nhà số 7', phone: '0987654321' });
    expect(await db.persons.get('child-from-head')).toMatchObject({ deleted: false });
    const [entry] = await db.outbox.toArray();
    expect([entry.baseVersion, entry.fields]).toEqual([2, { address: 'Bản Na, nhà số 7' }]);
  });

  it('a draft restored after the sync keeps the base it was typed on', async () => {
    const id = await savedHousehold();
    const first = render(<HouseholdEditor villageId={VILLAGE} detail={await detailOf(id)} />);
    fireEvent.change(field(vi.household.address), { target: { value: 'Bản Na, nhà số 9' } });
    first.unmount(); // the phone is put away; the draft stays
    await headChanges(id);

    render(<HouseholdEditor villageId={VILLAGE} detail={await detailOf(id)} />);
    expect(screen.getByText(vi.household.draftRestored)).toBeTruthy();
    expect(field(vi.household.address).value).toBe('Bản Na, nhà số 9');
    fireEvent.click(screen.getByTestId('save-household'));
    expect(await screen.findByText(vi.household.saved)).toBeTruthy();
    expect(await db.households.get(id)).toMatchObject({ address: 'Bản Na, nhà số 9', phone: '0987654321' });
    expect(await db.persons.get('child-from-head')).toMatchObject({ deleted: false });
  });

  it('a restored draft is thrown away only after a second tap, and its notice goes with it; saved, the notice goes too', async () => {
    const id = await savedHousehold();
    const typed = render(<HouseholdEditor villageId={VILLAGE} detail={await detailOf(id)} />);
    fireEvent.change(field(vi.household.address), { target: { value: 'Bản Na, nhà số 9' } });
    typed.unmount();

    const reopened = render(<HouseholdEditor villageId={VILLAGE} detail={await detailOf(id)} />);
    fireEvent.click(screen.getByTestId('discard-draft'));
    // The first tap only asks: "Giữ lại" keeps everything typed.
    expect(screen.getByText(householdsVi.household.discardDraftWarning)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: householdsVi.household.keepDraft }));
    expect(field(vi.household.address).value).toBe('Bản Na, nhà số 9');
    fireEvent.click(screen.getByTestId('discard-draft'));
    fireEvent.click(screen.getByTestId('discard-draft-confirm'));
    expect(field(vi.household.address).value).toBe('Bản Na');
    expect(screen.queryByText(vi.household.draftRestored)).toBeNull();
    expect(localStorage.getItem(`cds.draft.household.${id}`)).toBeNull();
    reopened.unmount();

    // Typed again, reopened, saved: the notice about the restored draft does not outlive the save.
    const again = render(<HouseholdEditor villageId={VILLAGE} detail={await detailOf(id)} />);
    fireEvent.change(field(vi.household.address), { target: { value: 'Bản Na, nhà số 10' } });
    again.unmount();
    render(<HouseholdEditor villageId={VILLAGE} detail={await detailOf(id)} />);
    fireEvent.click(screen.getByTestId('save-household'));
    expect(await screen.findByText(vi.household.saved)).toBeTruthy();
    expect(screen.queryByText(vi.household.draftRestored)).toBeNull();
  });

  it('after a save, the form follows the stored household again (new members get their ids: a second save does not re-create them)', async () => {
    const id = await savedHousehold();
    const { rerender } = render(<HouseholdEditor villageId={VILLAGE} detail={await detailOf(id)} />);
    fireEvent.click(screen.getByTestId('add-member'));
    fireEvent.change(screen.getAllByLabelText(vi.members.fullName).at(-1)!, { target: { value: 'Lò Văn Sáng' } });
    fireEvent.change(screen.getAllByLabelText(vi.members.birthYear).at(-1)!, { target: { value: '2015' } });
    fireEvent.click(screen.getAllByText(vi.status.sex.male).at(-1)!);
    fireEvent.click(screen.getByTestId('save-household'));
    expect(await screen.findByText(vi.household.saved)).toBeTruthy();
    // Typing goes on while the save's own records come back: that is no change by someone else.
    fireEvent.change(field(vi.household.address), { target: { value: 'Bản Na, nhà số 3' } });
    rerender(<HouseholdEditor villageId={VILLAGE} detail={await detailOf(id)} />);
    expect(screen.queryByText(householdsVi.household.changedMeanwhile)).toBeNull();
    expect(field(vi.household.address).value).toBe('Bản Na, nhà số 3');
    // What the save wrote is the new base, in the draft too: reopened, the form does not claim that
    // someone else changed the household, and the member it added is one the user saw.
    const draft = JSON.parse(localStorage.getItem(`cds.draft.household.${id}`)!);
    expect(draft.base.members.map((m: { fullName: string }) => m.fullName).sort()).toEqual(['Lò Văn Pá', 'Lò Văn Sáng']);
    fireEvent.click(screen.getByTestId('save-household'));
    await waitFor(async () => expect((await db.households.get(id))!.address).toBe('Bản Na, nhà số 3'));
    const persons = await db.persons.where('householdId').equals(id).toArray();
    expect(persons.map((p) => [p.fullName, p.deleted]).sort()).toEqual([['Lò Văn Pá', false], ['Lò Văn Sáng', false]]);
  });

  it('a save that changed nothing, then typing, then a sync: the sync is someone else\'s change (notice shown), and the next save keeps it', async () => {
    const id = await savedHousehold();
    const { rerender } = render(<HouseholdEditor villageId={VILLAGE} detail={await detailOf(id)} />);
    fireEvent.click(screen.getByTestId('save-household'));
    expect(await screen.findByText(vi.household.saved)).toBeTruthy();
    fireEvent.change(field(vi.household.address), { target: { value: 'Bản Na, nhà số 8' } });
    await headChanges(id);
    rerender(<HouseholdEditor villageId={VILLAGE} detail={await detailOf(id)} />);
    expect(await screen.findByText(householdsVi.household.changedMeanwhile)).toBeTruthy();

    fireEvent.click(screen.getByTestId('save-household'));
    await waitFor(async () => expect((await db.households.get(id))!.address).toBe('Bản Na, nhà số 8'));
    expect((await db.households.get(id))!.phone).toBe('0987654321');
    expect(await db.persons.get('child-from-head')).toMatchObject({ deleted: false });
  });

  it('typing something and taking it back leaves no draft', async () => {
    const id = await savedHousehold();
    render(<HouseholdEditor villageId={VILLAGE} detail={await detailOf(id)} />);
    fireEvent.change(field(vi.household.address), { target: { value: 'Bản Na, nhà số 1' } });
    expect(localStorage.getItem(`cds.draft.household.${id}`)).not.toBeNull();
    fireEvent.change(field(vi.household.address), { target: { value: 'Bản Na' } });
    expect(localStorage.getItem(`cds.draft.household.${id}`)).toBeNull();
  });

  it('"show the update" drops the edits and shows the household as the sync left it; a restored draft typed on an older household says so too', async () => {
    const id = await savedHousehold();
    const first = render(<HouseholdEditor villageId={VILLAGE} detail={await detailOf(id)} />);
    fireEvent.change(field(vi.household.address), { target: { value: 'Bản Na, nhà số 5' } });
    first.unmount();
    await headChanges(id);

    render(<HouseholdEditor villageId={VILLAGE} detail={await detailOf(id)} />);
    expect(screen.getByText(householdsVi.household.changedMeanwhile)).toBeTruthy();
    fireEvent.click(screen.getByTestId('show-update'));

    await waitFor(() => expect(field(vi.household.phone).value).toBe('0987654321'));
    expect(field(vi.household.address).value).toBe('Bản Na');
    expect(screen.queryByText(householdsVi.household.changedMeanwhile)).toBeNull();
    expect(localStorage.length).toBe(0);
  });

  it('a refused save opens the member at fault and puts the focus on what to fix (a choice not made)', async () => {
    render(<HouseholdEditor villageId={VILLAGE} />);
    fireEvent.change(field(vi.household.headName), { target: { value: 'Vàng A Sử' } });
    fireEvent.change(field(vi.household.address), { target: { value: 'Bản Cao' } });
    fireEvent.click(screen.getByTestId('add-member'));
    fireEvent.change(screen.getByLabelText(vi.members.fullName), { target: { value: 'Vàng A Sử' } });
    fireEvent.change(screen.getByLabelText(vi.members.birthYear), { target: { value: '1970' } });
    // Closed again before saving: the member's fields are not on screen.
    fireEvent.click(screen.getByTestId('member-0').querySelector('.member-summary')!);
    fireEvent.click(screen.getByTestId('save-household'));
    await waitFor(() => expect(document.activeElement?.getAttribute('role')).toBe('radio'));
    const group = document.activeElement!.closest('[role="radiogroup"]')!;
    expect(group.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(group.getAttribute('aria-labelledby')!)?.textContent).toBe(vi.members.sex);
  });

  it('after a save the stored roster comes in its own order; the member open on screen stays the one open', async () => {
    const id = await savedHousehold();
    await repository.saveHousehold({ ...(await formDraftOf(id)), members: [...(await formDraftOf(id)).members, memberDraft({ fullName: 'Lò Văn Tùng', relation: 'child', birthYear: 2012 })] });
    const { rerender } = render(<HouseholdEditor villageId={VILLAGE} detail={await detailOf(id)} />);
    fireEvent.click(screen.getByTestId('add-member'));
    fireEvent.change(screen.getAllByLabelText(vi.members.fullName).at(-1)!, { target: { value: 'Lò Thị Mai' } });
    fireEvent.change(screen.getAllByLabelText(vi.members.birthYear).at(-1)!, { target: { value: '1982' } });
    fireEvent.click(screen.getAllByText(vi.status.sex.female).at(-1)!);
    fireEvent.click(screen.getAllByText(vi.status.relation.spouse).at(-1)!);
    fireEvent.click(screen.getByTestId('save-household'));
    expect(await screen.findByText(vi.household.saved)).toBeTruthy();
    // Stored order: head, spouse, child. The spouse was added last (third) and is still the one open.
    rerender(<HouseholdEditor villageId={VILLAGE} detail={await detailOf(id)} />);
    await waitFor(() => expect((screen.getByLabelText(vi.members.fullName) as HTMLInputElement).value).toBe('Lò Thị Mai'));
  });
});

/** The household as the repository's draft (what the form would send), from what is stored. */
async function formDraftOf(id: string) {
  const { household, members } = await detailOf(id);
  const { id: _id, villageId, version: _v, deleted: _d, updatedAt: _u, ...fields } = household;
  return { id, villageId, fields, members: members.map(({ villageId: _vi, version: _ve, deleted: _de, updatedAt: _up, householdId: _h, ...rest }) => rest) };
}
