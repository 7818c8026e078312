// @vitest-environment jsdom
// Actions that are hard to take back (removing a member or a household, resetting targets, locking an
// account) ask first: the first tap only says what will happen.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ConfirmButton } from '../../../src/ui/ConfirmButton';

afterEach(cleanup);

function renderButton(onConfirm: () => void | Promise<void>) {
  render(<ConfirmButton label="Xóa thành viên nhập nhầm" warning="Xóa người này khỏi hộ?" confirmLabel="Xóa khỏi hộ" cancelLabel="Huỷ" failedText="Chưa làm được." onConfirm={onConfirm} />);
}

describe('ConfirmButton', () => {
  it('the first tap only warns; cancelling does nothing', () => {
    const onConfirm = vi.fn();
    renderButton(onConfirm);
    fireEvent.click(screen.getByRole('button', { name: 'Xóa thành viên nhập nhầm' }));
    expect(screen.getByRole('status').textContent).toContain('Xóa người này khỏi hộ?');
    fireEvent.click(screen.getByRole('button', { name: 'Huỷ' }));
    expect(onConfirm).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Xóa thành viên nhập nhầm' })).toBeTruthy();
  });

  it('confirming does it once, then shows the button again', async () => {
    const onConfirm = vi.fn(async () => {});
    renderButton(onConfirm);
    fireEvent.click(screen.getByRole('button', { name: 'Xóa thành viên nhập nhầm' }));
    fireEvent.click(screen.getByRole('button', { name: 'Xóa khỏi hộ' }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Xóa thành viên nhập nhầm' })).toBeTruthy());
  });

  it('a double tap does it once; a failure says so and keeps the question open', async () => {
    let finish: () => void = () => {};
    const onConfirm = vi.fn(() => new Promise<void>((_resolve, reject) => { finish = () => reject(new Error('storage')); }));
    vi.spyOn(console, 'error').mockImplementation(() => {});
    renderButton(onConfirm);
    fireEvent.click(screen.getByRole('button', { name: 'Xóa thành viên nhập nhầm' }));
    fireEvent.click(screen.getByRole('button', { name: 'Xóa khỏi hộ' }));
    fireEvent.click(screen.getByRole('button', { name: 'Xóa khỏi hộ' }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
    finish();
    expect((await screen.findByRole('alert')).textContent).toContain('Chưa làm được.');
    expect(screen.getByRole('button', { name: 'Xóa khỏi hộ' })).toBeTruthy();
    vi.restoreAllMocks();
  });
});
