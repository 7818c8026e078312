// The commune server's figures as the app reads them: indicators, targets, trends, snapshots and report
// files. Requests carry the signed-in token; a failure becomes a ServerError whose code the screens show
// as `errors.<code>` (the same catalogue as sync).
import { saveBlob, serverJson as json, serverRequest as send } from '../serverRequest';
import type { IndicatorKey, IndicatorValue } from '../../shared/indicators';

export interface IndicatorsAnswer {
  asOf: string;
  scope: 'commune' | 'villages' | 'village';
  indicators: IndicatorValue[];
  villages: { villageId: string; name: string; indicators: IndicatorValue[] }[];
}

export interface TargetsAnswer {
  targets: Record<IndicatorKey, number>;
  defaults: Record<IndicatorKey, number>;
}

export interface TrendsAnswer {
  scope: IndicatorsAnswer['scope'];
  months: { month: string; asOf: string; takenAt: string; indicators: IndicatorValue[] }[];
}


export const serverApi = {
  indicators: (villageId?: string) => json<IndicatorsAnswer>('GET', `/api/indicators${villageId ? `?villageId=${encodeURIComponent(villageId)}` : ''}`),
  targets: () => json<TargetsAnswer>('GET', '/api/targets'),
  saveTargets: (changes: Partial<Record<IndicatorKey, number | null>>) => json<TargetsAnswer>('PUT', '/api/admin/targets', changes),
  trends: (months: number, villageId?: string) =>
    json<TrendsAnswer>('GET', `/api/indicators/trends?months=${months}${villageId ? `&villageId=${encodeURIComponent(villageId)}` : ''}`),
  takeSnapshot: (month: string) => json<{ month: string; asOf: string }>('POST', `/api/admin/snapshots?month=${month}`),
  /** Downloads a report file and hands it to the browser as a file to save. */
  async download(path: string, filename: string): Promise<void> {
    saveBlob(await (await send('GET', path)).blob(), filename);
  },
};
