// Page model of the register (households, follow-up, dashboard) on a phone, so tests read as what a
// team member does rather than as selectors.
import type { Page } from 'playwright-core';
import { waitForHouseholdListRead } from '../harness';

export interface MemberInput {
  fullName: string;
  birthYear: number;
  sex: 'Nam' | 'Nữ';
  relation: string;
  /** Group label → choice label, e.g. { 'Tài khoản định danh VNeID': 'Mức 2 đã kích hoạt' }. */
  choices?: Record<string, string>;
}

export class RegisterApp {
  constructor(readonly page: Page, readonly baseUrl: string) {}

  async open(path = '/') {
    await this.page.goto(`${this.baseUrl}${path}`);
  }

  async createLocalVillage(name: string, expectedHouseholds: number) {
    await this.page.getByLabel('Tên thôn hoặc tổ dân phố').fill(name);
    await this.page.getByLabel('Số hộ theo kế hoạch (không bắt buộc)').fill(String(expectedHouseholds));
    await this.page.getByTestId('create-village').click();
    await this.page.getByRole('heading', { name: 'Hộ dân' }).waitFor();
  }

  async chooseIn(group: string, choice: string) {
    await this.page.getByRole('radiogroup', { name: group }).getByRole('radio', { name: choice, exact: true }).click();
  }

  async addHousehold(head: { headName: string; address: string }, members: MemberInput[]) {
    await this.page.getByTestId('add-household').click();
    await this.page.getByLabel('Họ tên chủ hộ').fill(head.headName);
    await this.page.getByLabel('Địa chỉ').fill(head.address);
    await this.page.getByText('Hộ đã đồng ý cho ghi thông tin').click();
    for (const member of members) {
      await this.page.getByTestId('add-member').click();
      await this.fillOpenMember(member);
    }
    await this.save();
  }

  /** Fills the member card that is open (only one is open at a time). */
  async fillOpenMember(member: MemberInput) {
    await this.page.getByLabel('Họ và tên').fill(member.fullName);
    await this.page.getByLabel('Năm sinh').fill(String(member.birthYear));
    await this.chooseIn('Giới tính', member.sex);
    await this.chooseIn('Quan hệ với chủ hộ', member.relation);
    for (const [group, choice] of Object.entries(member.choices ?? {})) await this.chooseIn(group, choice);
  }

  async save() {
    await this.page.getByTestId('save-household').click();
    await this.page.getByText('Đã lưu trên máy.').waitFor();
  }

  async goTo(tab: 'Hộ dân' | 'Cần hỗ trợ' | 'Chỉ số' | 'Cài đặt') {
    await this.page.getByRole('navigation').getByRole('link', { name: tab }).click();
  }

  /** Until the village's members are read: before that the list shows household names alone. */
  async listRead(): Promise<void> {
    await waitForHouseholdListRead(this.page);
  }

  /** A search over the whole village (members' names included), as a team member meets it. */
  async search(query: string) {
    await this.listRead();
    await this.page.getByLabel('Tìm hộ dân').fill(query);
  }

  householdNames() {
    return this.page.getByTestId('household-list').locator('.list-title').allTextContents();
  }

  fraction(indicator: string) {
    return this.page.getByTestId(`fraction-${indicator}`).textContent();
  }

  unsentBadge() {
    return this.page.getByTestId('unsent-badge').textContent();
  }
}
