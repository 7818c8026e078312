// The commune server's figures as the app reads them: indicators, targets, trends, snapshots and report
// files. Requests carry the signed-in token; a failure becomes a ServerError whose code the screens show
// as `errors.<code>` (the same catalogue as sync).
import { db } from '../../db/appDb';
import { currentSession } from '../../db/serverCache';
import type { IndicatorKey, IndicatorValue } from '../../shared/indicators';

export class ServerError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

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

/** The protocol version the server checks on every request (the sync client sends the same). */
const PROTOCOL_HEADERS = { 'x-protocol-version': '1' };

async function send(method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown): Promise<Response> {
  const session = await currentSession(db);
  if (!session || session.expired) throw new ServerError('UNAUTHENTICATED');
  const headers: Record<string, string> = { ...PROTOCOL_HEADERS, authorization: `Bearer ${session.token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch {
    throw new ServerError('NETWORK');
  }
  if (!response.ok) {
    const code = await response.json().then((payload: { error?: { code?: unknown } }) => payload.error?.code, () => undefined);
    throw new ServerError(typeof code === 'string' ? code : response.status >= 500 ? 'SERVER_UNAVAILABLE' : 'BAD_RESPONSE');
  }
  return response;
}

async function json<T>(method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await send(method, path, body);
  try {
    return (await response.json()) as T;
  } catch {
    throw new ServerError('BAD_RESPONSE');
  }
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
    const blob = await (await send('GET', path)).blob();
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};

/** The i18n key of a failure: known codes have their message, anything else the generic one. */
export function errorKey(error: unknown): string {
  return `errors.${error instanceof ServerError ? error.code : 'UNKNOWN'}`;
}
