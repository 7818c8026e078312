// @vitest-environment jsdom
// Recording a visit at the door: a refused save says why on the field at fault (not always "the date"),
// what is typed survives a reload as a draft, and removing a visit asks first.
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { db } from '../../../src/db/appDb';
import { repository } from '../../../src/db/appRepository';
import { VisitLog } from '../../../src/features/households/VisitLog';
import { draftKey } from '../../../src/features/households/draftStore';
import { initI18n } from '../../../src/i18n';
import { formatDateVi, todayInVietnam } from '../../../src/shared/dates';
import vi from '../../../src/i18n/locales/vi.json';
import type { Household, Visit } from '../../../src/shared/types';
import { memberDraft } from '../../fixtures/records';

const VILLAGE = 'village-1';
let household: Household;

beforeAll(() => initI18n('vi'));
beforeEach(async () => {
  localStorage.clear();
  await Promise.all([db.households.clear(), db.persons.clear(), db.visits.clear(), db.outbox.clear()]);
  const id = await repository.saveHousehold({
    villageId: VILLAGE,
    fields: { headName: 'Hà Văn Dũng', address: 'Bản Pục', business: 'none', acceptsCashless: false, consentGiven: false },
    members: [memberDraft({ fullName: 'Hà Văn Dũng' })],
  });
  household = (await db.households.get(id))!;
});
afterEach(cleanup);

const visitsOnPhone = async () => (await db.visits.toArray()).filter((v) => !v.deleted);
const renderLog = (visits: Visit[] = []) => render(<VisitLog villageId={VILLAGE} household={household} members={[]} visits={visits} />);
const note = () => screen.getByLabelText(vi.visits.note) as HTMLInputElement;
const visitDrafts = () => Object.keys(localStorage).filter((key) => key.startsWith('cds.draft.visit.'));

describe('the visit log', () => {
  it('a note that is too long is named on the note, not blamed on the date; nothing is recorded and the typing stays', async () => {
    renderLog();
    fireEvent.change(note(), { target: { value: 'x'.repeat(1001) } });
    fireEvent.click(screen.getByTestId('add-visit'));
    expect(await screen.findByText(vi.validation.tooLong)).toBeTruthy();
    expect(screen.queryByText(vi.visits.failed)).toBeNull();
    expect(note().value).toHaveLength(1001);
    expect(await visitsOnPhone()).toEqual([]);
  });

  it('a date after today is blamed on the date', async () => {
    renderLog();
    fireEvent.change(screen.getByLabelText(vi.visits.date), { target: { value: '01/01/2999' } });
    fireEvent.click(screen.getByTestId('add-visit'));
    expect(await screen.findByText(vi.visits.failed)).toBeTruthy();
  });

  it('an empty date says so on the date (the tap is never silent); nothing is recorded', async () => {
    renderLog();
    fireEvent.change(screen.getByLabelText(vi.visits.date), { target: { value: '' } });
    fireEvent.click(screen.getByTestId('add-visit'));
    expect(await screen.findByText(vi.visits.failed)).toBeTruthy();
    expect(screen.getByLabelText(vi.visits.date).getAttribute('aria-invalid')).toBe('true');
    expect(await visitsOnPhone()).toEqual([]);
  });

  it('what is typed comes back after the screen is closed, with the help chosen, and goes once recorded', async () => {
    const first = renderLog();
    fireEvent.click(screen.getByRole('button', { name: vi.help.vneid }));
    fireEvent.change(note(), { target: { value: 'Hẹn chiều mai quay lại' } });
    first.unmount();

    renderLog();
    expect(note().value).toBe('Hẹn chiều mai quay lại');
    expect(screen.getByRole('button', { name: vi.help.vneid }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByTestId('add-visit'));
    await waitFor(async () => expect(await visitsOnPhone()).toHaveLength(1));
    expect((await visitsOnPhone())[0]).toMatchObject({ note: 'Hẹn chiều mai quay lại', helpedWith: ['vneid'] });
    await waitFor(() => expect(note().value).toBe(''));
    expect(Object.keys(localStorage).filter((key) => key.startsWith('cds.draft.visit.'))).toEqual([]);
  });

  it('a help chosen and taken back leaves no draft (the household is not marked as typed and not saved)', () => {
    renderLog();
    const chip = screen.getByRole('button', { name: vi.help.vneid });
    fireEvent.click(chip);
    expect(visitDrafts()).toHaveLength(1);
    fireEvent.click(chip);
    expect(visitDrafts()).toEqual([]);
  });

  it('a draft begun on an earlier day, its date left as the form filled it, is dated today; a date someone typed is kept', () => {
    const key = draftKey('visit', household.id);
    localStorage.setItem(key, JSON.stringify({ values: { visitedOn: '16/11/2026', personId: '', note: 'Vắng nhà' }, helped: ['vneid'], typedOn: '2026-11-16' }));
    const first = renderLog();
    expect((screen.getByLabelText(vi.visits.date) as HTMLInputElement).value).toBe(formatDateVi(todayInVietnam()));
    expect(note().value).toBe('Vắng nhà');
    first.unmount();
    localStorage.setItem(key, JSON.stringify({ values: { visitedOn: '14/11/2026', personId: '', note: 'Vắng nhà' }, helped: [], typedOn: '2026-11-16' }));
    renderLog();
    expect((screen.getByLabelText(vi.visits.date) as HTMLInputElement).value).toBe('14/11/2026');
  });

  it('"for whom" lists the living members in the roster\'s order (head, spouse, children by age), as the household screen does', async () => {
    const members = [
      { relation: 'child' as const, fullName: 'Hà Thị Út', birthYear: 2015 },
      { relation: 'spouse' as const, fullName: 'Lò Thị Mai', birthYear: 1983 },
      { relation: 'child' as const, fullName: 'Hà Văn An', birthYear: 2008 },
      { relation: 'head' as const, fullName: 'Hà Văn Dũng', birthYear: 1980 },
    ].map((m, i) => ({ ...memberDraft(m), id: `m${i}`, householdId: household.id, villageId: VILLAGE, version: 1, deleted: false, updatedAt: '2026-11-20T00:00:00.000Z' }));
    render(<VisitLog villageId={VILLAGE} household={household} members={members} visits={[]} />);
    const options = [...(screen.getByLabelText(vi.visits.person) as HTMLSelectElement).options].map((option) => option.textContent);
    expect(options).toEqual([vi.visits.wholeHousehold, 'Hà Văn Dũng', 'Lò Thị Mai', 'Hà Văn An', 'Hà Thị Út']);
  });

  it('removing a visit asks first; cancelling keeps it', async () => {
    await repository.addVisit(VILLAGE, { householdId: household.id, visitedOn: '2026-11-02', helpedWith: [] });
    const [visit] = await visitsOnPhone();
    renderLog([visit]);
    fireEvent.click(screen.getByRole('button', { name: vi.visits.delete }));
    expect(screen.getByText(/Xóa lần thăm ngày 02\/11\/2026\?/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: vi.common.cancel }));
    expect(await visitsOnPhone()).toHaveLength(1);

    fireEvent.click(screen.getByRole('button', { name: vi.visits.delete }));
    fireEvent.click(screen.getByTestId('visit-delete-confirm'));
    await waitFor(async () => expect(await visitsOnPhone()).toEqual([]));
  });
});
