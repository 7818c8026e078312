// Page model of the commune dashboard and a village dashboard: what the commune officer reads on the
// screen (rates and fractions per village and indicator), and the report download.
import type { Download, Page } from 'playwright-core';

export interface ScreenFigures {
  /** indicator key → "numerator/denominator" as shown. */
  [key: string]: string;
}

export class CommuneDashboard {
  constructor(readonly page: Page) {}

  async waitForTable() {
    await this.page.getByTestId('commune-table').waitFor();
  }

  /** Village names in their shown order. */
  async villageNames(): Promise<string[]> {
    return this.page.getByTestId('commune-village').locator('th a').allTextContents();
  }

  private async rowFigures(selector: string): Promise<ScreenFigures> {
    return this.page.locator(selector).evaluate((row) =>
      Object.fromEntries([...row.querySelectorAll('td[data-indicator]')].map((cell) => [cell.getAttribute('data-indicator'), cell.querySelector('.cell-fraction')?.textContent ?? ''])),
    );
  }

  totalFigures(): Promise<ScreenFigures> {
    return this.rowFigures('[data-testid=commune-total]');
  }

  villageFigures(villageId: string): Promise<ScreenFigures> {
    return this.rowFigures(`[data-testid=commune-village][data-village-id="${villageId}"]`);
  }

  async sortBy(indicatorLabel: string) {
    await this.page.getByTestId('commune-sort').selectOption({ label: indicatorLabel });
  }

  async openVillage(name: string) {
    await this.page.getByTestId('commune-table').getByRole('link', { name }).click();
  }

  async downloadFullReport(): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId('download-xlsx').click()]);
    return download;
  }

  /** The village dashboard's fractions, once it shows them. */
  async villageDashboardFigures(): Promise<ScreenFigures> {
    await this.page.getByTestId('indicator-list').locator('[data-indicator]').first().waitFor();
    return this.page.getByTestId('indicator-list').evaluate((list) =>
      Object.fromEntries([...list.querySelectorAll('[data-indicator]')].map((item) => [item.getAttribute('data-indicator'), item.querySelector('[data-testid^=fraction-]')?.textContent ?? ''])),
    );
  }
}
