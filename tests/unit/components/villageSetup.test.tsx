// @vitest-environment jsdom
import 'fake-indexeddb/auto';
// A village entered on the phone before it is connected to a commune server: its planned household count
// is read as people write it ("1.200", "1 200"); something else is refused with a message, never taken
// silently as "no count" (which a number field did: the browser empties what it cannot read).
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { db } from '../../../src/db/appDb';
import VillageSetupScreen from '../../../src/features/villages/VillageSetupScreen';
import { initI18n } from '../../../src/i18n';
import vi from '../../../src/i18n/locales/vi.json';

beforeAll(() => initI18n('vi'));
beforeEach(() => db.villages.clear());
afterEach(cleanup);

function submit(name: string, count: string) {
  render(<VillageSetupScreen />);
  fireEvent.input(screen.getByLabelText(vi.villages.name), { target: { value: name } });
  fireEvent.input(screen.getByLabelText(vi.villages.expectedHouseholds), { target: { value: count } });
  fireEvent.click(screen.getByTestId('create-village'));
}

describe('entering a village on the phone', () => {
  it('"1.200" households is 1200', async () => {
    submit('Thôn Nà Lừa', '1.200');
    await waitFor(async () => expect(await db.villages.toArray()).toEqual([expect.objectContaining({ name: 'Thôn Nà Lừa', expectedHouseholds: 1200 })]));
  });

  it('"1,200" is refused with a message, and nothing is created', async () => {
    submit('Thôn Nà Lừa', '1,200');
    expect(await screen.findByText(vi.validation.wholeNumber)).toBeTruthy();
    expect(await db.villages.count()).toBe(0);
  });
});
