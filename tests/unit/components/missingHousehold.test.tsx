// @vitest-environment jsdom
// A household a sync deleted while something typed for it waited as a draft: the screen says the typing
// cannot be saved and lets it go, so the household no longer counts as "typed and not saved".
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import HouseholdScreen from '../../../src/features/households/HouseholdScreen';
import { draftKey, householdsWithDrafts, saveDraft } from '../../../src/features/households/draftStore';
import { initI18n } from '../../../src/i18n';
import vi from '../../../src/i18n/locales/vi.json';
import households from '../../../src/features/households/locales/vi.json';

beforeAll(() => initI18n('vi'));
beforeEach(() => localStorage.clear());
afterEach(cleanup);

describe('a household that is not on the phone', () => {
  it('with a draft: says what happened and discards the draft when asked', async () => {
    saveDraft(draftKey('household', 'gone-1'), { values: { headName: 'Đinh Văn Tú' } });
    saveDraft(draftKey('visit', 'gone-1'), { values: { note: 'hẹn mai' }, helped: [] });
    render(<HouseholdScreen villageId="village-1" householdId="gone-1" />);
    expect(await screen.findByText(households.household.deletedWithDraft)).toBeTruthy();
    expect(householdsWithDrafts().has('gone-1')).toBe(true);
    fireEvent.click(screen.getByTestId('discard-orphan-draft'));
    expect(householdsWithDrafts().has('gone-1')).toBe(false);
    expect(screen.getByText(vi.household.notFound)).toBeTruthy();
  });

  it('without a draft: says it is not found', async () => {
    render(<HouseholdScreen villageId="village-1" householdId="gone-2" />);
    expect(await screen.findByText(vi.household.notFound)).toBeTruthy();
    expect(screen.queryByTestId('discard-orphan-draft')).toBeNull();
  });
});
