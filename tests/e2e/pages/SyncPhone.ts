// Page model of a phone that signs in to the commune server and syncs: what a team member does, plus
// reads of the phone's IndexedDB to compare two phones' data exactly.
import type { Page } from 'playwright-core';
import { waitForHouseholdListRead, type CommuneAccount } from '../harness';

export class SyncPhone {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  async open(path = '/') {
    await this.page.goto(`${this.baseUrl}${path}`);
  }

  /** Signs in and waits for the first download of the village; returns what the screen said. */
  async signIn(account: CommuneAccount): Promise<string> {
    await this.open('/login');
    await this.page.getByTestId('login-username').fill(account.username);
    await this.page.getByTestId('login-password').fill(account.password);
    await this.page.getByTestId('login-submit').click();
    const done = this.page.getByTestId('first-pull-done');
    await done.waitFor({ timeout: 30_000 });
    const text = (await done.textContent()) ?? '';
    await this.page.getByTestId('login-continue').click();
    await this.setPinWhenAsked();
    return text;
  }

  /** The PIN every test phone uses for the app lock (asked once after the first sign-in). */
  readonly pin = '2468';

  /** After the first sign-in the app asks for a PIN (the app lock, issue 6); a later sign-in does not. */
  async setPinWhenAsked(): Promise<void> {
    const prompt = this.page.getByTestId('lock-setPin');
    if (!(await prompt.waitFor({ timeout: 5_000 }).then(() => true, () => false))) return;
    await this.page.getByTestId('lock-pin').fill(this.pin);
    await this.page.getByTestId('lock-pin-again').fill(this.pin);
    await this.page.getByTestId('lock-submit').click();
    await prompt.waitFor({ state: 'detached' });
  }

  /** Until the village's members are read: before that the list shows household names alone. */
  async listRead(): Promise<void> {
    await waitForHouseholdListRead(this.page);
  }

  async goTo(tab: 'Hộ dân' | 'Cần hỗ trợ' | 'Chỉ số' | 'Xem lại' | 'Cài đặt') {
    await this.page.getByRole('navigation').getByRole('link', { name: tab }).click();
  }

  /** Opens a household from the list, opens one member, makes choices, saves. */
  async editMember(headName: string, memberName: string, choices: Record<string, string>) {
    await this.goTo('Hộ dân');
    await this.page.getByTestId('household-list').getByText(headName).click();
    await this.page.getByRole('button', { name: new RegExp(memberName) }).first().click();
    for (const [group, choice] of Object.entries(choices)) {
      await this.page.getByRole('radiogroup', { name: group }).getByRole('radio', { name: choice, exact: true }).click();
    }
    await this.page.getByTestId('save-household').click();
    await this.page.getByText('Đã lưu trên máy.').waitFor();
  }

  /**
   * "Đồng bộ ngay" in the settings, then waits until a run that started no earlier than the click has
   * finished (successfully or with an error on screen). Waiting for "idle" first means no run that began
   * before the click (and so before whatever the test did on the server) can be mistaken for it.
   */
  async syncNow(): Promise<void> {
    await this.goTo('Cài đặt');
    const button = this.page.getByTestId('sync-now');
    await this.until(async () => !(await button.isDisabled()));
    const before = await this.lastSyncAt();
    const errorsBefore = await this.page.getByTestId('sync-error').count();
    await button.click();
    await this.until(async () => (await this.lastSyncAt()) !== before || (await this.page.getByTestId('sync-error').count()) > errorsBefore);
    await this.until(async () => !(await button.isDisabled()));
  }

  /** Polls from Node (an async predicate inside waitForFunction would count as "truthy" at once). */
  private async until(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error('SyncPhone: condition not met in time');
      await this.page.waitForTimeout(100);
    }
  }

  async lastSyncAt(): Promise<string | null> {
    return this.page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('cong-dan-so');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const value = await new Promise<string | null>((resolve) => {
        const request = db.transaction('meta').objectStore('meta').get('lastSyncAt');
        request.onsuccess = () => resolve(request.result?.value ?? null);
      });
      db.close();
      return value;
    });
  }

  /** Every record of a table of the phone's database, by id. */
  async records(table: 'households' | 'persons' | 'visits'): Promise<Record<string, Record<string, unknown>>> {
    return this.page.evaluate(async (name) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('cong-dan-so');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const all = await new Promise<Record<string, unknown>[]>((resolve) => {
        const request = db.transaction(name).objectStore(name).getAll();
        request.onsuccess = () => resolve(request.result);
      });
      db.close();
      return Object.fromEntries(all.map((record) => [String(record.id), record]));
    }, table);
  }

  async unsentCount(): Promise<number> {
    return this.page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('cong-dan-so');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const count = await new Promise<number>((resolve) => {
        const request = db.transaction('outbox').objectStore('outbox').count();
        request.onsuccess = () => resolve(request.result);
      });
      db.close();
      return count;
    });
  }
}
