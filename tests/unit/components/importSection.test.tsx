// @vitest-environment jsdom
import 'fake-indexeddb/auto';
// The import screen refuses a file over the server's 20 MB limit before sending it: on a village's link
// the upload would take minutes only to be refused. This phone is not signed in, so a file that got as far
// as a request would be refused as UNAUTHENTICATED instead: the size message proves nothing was sent.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { initI18n } from '../../../src/i18n';
import '../../../src/features/admin/adminI18n';
import { ImportSection } from '../../../src/features/admin/ImportSection';

beforeAll(() => initI18n('vi'));
afterEach(cleanup);

function pickAndCheck(file: File) {
  render(<ImportSection />);
  fireEvent.change(screen.getByTestId('admin-import-file'), { target: { files: [file] } });
  fireEvent.click(screen.getByTestId('admin-import-check'));
}

/** A file that says it is `bytes` long without holding them (jsdom reads `size` like a browser). */
function fileOfSize(bytes: number): File {
  const file = new File(['household_key'], 'danh-sach.csv', { type: 'text/csv' });
  Object.defineProperty(file, 'size', { value: bytes });
  return file;
}

describe('import: a file too large for the server', () => {
  it('is refused on the phone with what to do next', async () => {
    pickAndCheck(fileOfSize(20 * 1024 * 1024 + 1));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('tối đa 20 MB');
    expect(alert.textContent).toContain('chia danh sách theo thôn');
    expect(screen.queryByTestId('admin-import-result')).toBeNull();
  });

  it('a file at the limit is sent (here refused for want of a session, which shows it left the screen)', async () => {
    pickAndCheck(fileOfSize(20 * 1024 * 1024));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).not.toContain('20 MB');
  });
});
