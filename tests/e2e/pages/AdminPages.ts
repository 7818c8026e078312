// Page model of the commune office's administration screens, as an officer uses them on a phone.
import type { Page } from 'playwright-core';

export class AdminPages {
  constructor(readonly page: Page) {}

  async open(tab: 'commune' | 'villages' | 'accounts' | 'import' | 'audit' | 'consent') {
    await this.page.getByRole('navigation').getByRole('link', { name: 'Quản trị' }).click();
    await this.page.getByTestId(`admin-tab-${tab}`).click();
  }

  /**
   * Chooses the commune from the official list. The choice is read back before it is saved (it is set once
   * for good); `changeMindFirst` cancels that first question and asks again. Returns the question's text.
   */
  async chooseCommune(provinceCode: string, communeCode: string, changeMindFirst = false): Promise<string> {
    await this.open('commune');
    await this.page.getByTestId('admin-province').selectOption(provinceCode);
    await this.page.getByTestId('admin-commune-select').selectOption(communeCode);
    await this.page.getByTestId('admin-commune-save').click();
    const question = (await this.page.getByTestId('admin-commune-save-confirm').locator('xpath=ancestor::*[@role="alert" or @role="status"][1]').textContent()) ?? '';
    if (changeMindFirst) {
      await this.page.getByRole('button', { name: 'Chọn lại' }).click();
      await this.page.getByTestId('admin-commune-save').click();
    }
    await this.page.getByTestId('admin-commune-save-confirm').click();
    await this.page.getByTestId('admin-commune').waitFor();
    return question;
  }

  async createVillage(name: string, expectedHouseholds: number) {
    await this.open('villages');
    await this.page.getByTestId('admin-village-name').fill(name);
    await this.page.getByTestId('admin-village-expected').fill(String(expectedHouseholds));
    await this.page.getByTestId('admin-village-create').click();
    await this.page.getByTestId('admin-villages').getByText(name).waitFor();
  }

  /** Corrects a village's name (the edit form also holds its code and expected count). */
  async renameVillage(from: string, to: string) {
    await this.open('villages');
    await this.page.getByTestId('admin-villages').locator('li', { hasText: from }).getByTestId('admin-village-edit-open').click();
    await this.page.getByTestId('admin-village-edit-name').fill(to);
    await this.page.getByTestId('admin-village-edit-save').click();
    await this.page.getByTestId('admin-villages').getByText(to).waitFor();
  }

  async createMember(username: string, password: string, villageName: string) {
    await this.open('accounts');
    await this.page.getByTestId('admin-user-name').fill(username);
    await this.page.getByTestId('admin-user-password').fill(password);
    await this.page.getByTestId(`admin-user-village-${villageName}`).check();
    await this.page.getByTestId('admin-user-create').click();
    await this.page.getByTestId(`admin-account-${username}`).waitFor();
  }

  /** Checks a file the server refuses whole; returns what the screen says (the error and its details). */
  async checkRefusedList(name: string, content: string): Promise<string> {
    await this.open('import');
    await this.page.getByTestId('admin-import-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') });
    await this.page.getByTestId('admin-import-check').click();
    const details = this.page.getByTestId('admin-import-missing-columns');
    await details.waitFor();
    return `${await this.page.getByRole('alert').first().textContent()} ${await details.textContent()}`;
  }

  /** Checks the file first (dry run), then imports it; returns both summaries. */
  async importList(name: string, content: string): Promise<{ check: string; imported: string }> {
    await this.open('import');
    await this.page.getByTestId('admin-import-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') });
    await this.page.getByTestId('admin-import-check').click();
    const result = this.page.getByTestId('admin-import-result');
    await result.getByText('Sẽ nhập').waitFor();
    const check = (await result.textContent()) ?? '';
    await this.page.getByTestId('admin-import-run').click();
    await result.getByText('Đã nhập').waitFor();
    return { check, imported: (await result.textContent()) ?? '' };
  }

  /** The audit trail of one account, as text per entry. */
  async auditOf(username: string): Promise<string[]> {
    await this.open('audit');
    await this.page.getByTestId('admin-audit-user').selectOption({ label: username });
    await this.page.getByTestId('history-entry').first().waitFor();
    return this.page.getByTestId('history-entry').allTextContents();
  }

  /** Revokes every phone of an account that is not revoked yet. */
  /** Changes an account's role; returns the notice the screen shows after it. */
  async changeRole(username: string, roleName: string): Promise<string> {
    await this.open('accounts');
    const card = this.page.getByTestId(`admin-account-${username}`);
    await card.getByTestId('admin-change-role').click();
    await card.getByTestId('admin-new-role').selectOption({ label: roleName });
    await card.getByTestId('admin-save-role').click();
    await card.getByTestId('admin-save-role-confirm').click();
    return (await card.getByTestId('admin-account-notice').textContent()) ?? '';
  }

  async revokePhones(username: string) {
    await this.open('accounts');
    const card = this.page.getByTestId(`admin-account-${username}`);
    await card.getByTestId('admin-show-devices').click();
    this.page.once('dialog', (dialog) => void dialog.accept());
    await card.getByRole('button', { name: 'Thu hồi' }).click();
    await card.getByText('Đã thu hồi').waitFor();
  }
}
