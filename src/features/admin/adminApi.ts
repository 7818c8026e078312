// The commune server's administration API as the admin screens use it: villages, accounts, sessions
// (devices), the import, the audit trail and residents' data requests. Every request carries the signed-in
// token; a refusal becomes a ServerError with the server's code, shown as `errors.<code>`.
import type { WithdrawnHousehold } from '../../shared/protocol';
import type { Entity } from '../../shared/statuses';
import type { Village } from '../../shared/types';
import { saveBlob, serverJson as json, serverRequest as request } from '../serverRequest';

export type Role = 'commune_admin' | 'village_head' | 'member';

export interface Account {
  id: string;
  username: string;
  role: Role;
  disabled: boolean;
  villageIds: string[];
  createdAt: string;
}

export interface Device {
  id: string;
  userId: string;
  username: string;
  name: string | null;
  createdAt: string;
  lastSeenAt: string;
  revokedAt: string | null;
}

export interface Commune {
  id: string;
  code: string | null;
  name: string | null;
  provinceName: string | null;
}

export interface ImportError {
  column: string;
  code: string;
  message: string;
}

export interface ImportAnswer {
  dryRun: boolean;
  households: number;
  persons: number;
  rejected: { row: number; household_key: string; errors: ImportError[] }[];
  rejectedHouseholds: number;
  created: { households: number; persons: number };
  updated: { households: number; persons: number };
  /** Values of the file left as the teams recorded them since the last import. */
  keptFromTeams: number;
  /** Rows that may add someone the household already has under another name or year (api.md [IM4]). */
  warnings: { row: number; household_key: string; code: string; already: string; message: string }[];
  /** Other worksheets of the workbook that hold a list: not read ([IM6]). */
  sheetsNotRead: string[];
}

export interface HistoryEntry {
  id: number;
  at: string;
  entity: Entity;
  recordId: string;
  householdId: string;
  villageId: string;
  version: number;
  action: 'create' | 'update' | 'delete' | 'erase';
  username: string | null;
  deviceId: string | null;
  clientTime: string | null;
  changes: { field: string; old: unknown; new: unknown }[];
}


const query = (params: Record<string, string | undefined>) => {
  const search = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1])));
  return search.size > 0 ? `?${search}` : '';
};

export const adminApi = {
  me: () => json<{ commune: Commune; villages: Village[] }>('GET', '/api/me'),
  setCommune: (code: string) => json<Commune>('PUT', '/api/admin/commune', { code }),
  villages: () => json<{ villages: Village[] }>('GET', '/api/villages'),
  createVillage: (input: { name: string; code?: string; expectedHouseholds: number | null }) => json<Village>('POST', '/api/admin/villages', input),
  updateVillage: (id: string, input: { name?: string; code?: string; expectedHouseholds?: number | null }) =>
    json<Village>('PATCH', `/api/admin/villages/${encodeURIComponent(id)}`, input),
  users: () => json<{ users: Account[] }>('GET', '/api/admin/users'),
  createUser: (input: { username: string; password: string; role: Role; villageIds: string[] }) => json<Account>('POST', '/api/admin/users', input),
  updateUser: (id: string, input: { villageIds?: string[]; disabled?: boolean; password?: string; role?: Role }) =>
    json<Account>('PATCH', `/api/admin/users/${encodeURIComponent(id)}`, input),
  devices: (userId: string) => json<{ devices: Device[] }>('GET', `/api/admin/devices${query({ userId })}`),
  revokeDevice: (id: string) => json<void>('POST', `/api/admin/devices/${encodeURIComponent(id)}/revoke`),
  // Sent as bytes: the server tells CSV from XLSX by their content, and a picker's MIME name for a CSV
  // varies by phone and desktop.
  importHouseholds: (file: File, dryRun: boolean) => json<ImportAnswer>('POST', `/api/import/households?dryRun=${dryRun ? 1 : 0}`, file, 'application/octet-stream'),
  audit: (filter: { userId?: string; from?: string; to?: string }) => json<{ entries: HistoryEntry[] }>('GET', `/api/admin/audit${query(filter)}`),
  householdHistory: (id: string) => json<{ entries: HistoryEntry[] }>('GET', `/api/households/${encodeURIComponent(id)}/history`),
  exportPerson: (id: string) => json<PersonExport>('GET', `/api/persons/${encodeURIComponent(id)}/export`),
  erasePerson: (id: string) => json<{ id: string; version: number }>('POST', `/api/persons/${encodeURIComponent(id)}/erase`),
  consentWithdrawn: () => json<{ households: WithdrawnHousehold[] }>('GET', '/api/admin/consent-withdrawn'),
  eraseHousehold: (id: string) => json<{ id: string; version: number; members: number }>('POST', `/api/households/${encodeURIComponent(id)}/erase`),
  /** A file from the server handed to the browser to save (the import template). */
  async download(path: string, filename: string): Promise<void> {
    const blob = await (await request('GET', path)).blob();
    saveBlob(blob, filename);
  },
};

export interface PersonExport {
  exportedAt: string;
  exportedBy: string;
  village: string | null;
  person: Record<string, unknown> & { id: string; fullName: string };
  household: (Record<string, unknown> & { headName: string; address: string }) | null;
  visits: Record<string, unknown>[];
  history: HistoryEntry[];
  /** Values two phones gave a field at once: the one that lost is kept only here ([DS1]). */
  conflicts: { field: string; serverValue: unknown; clientValue: unknown; kept: 'server' | 'client'; at: string; status: string }[];
  /** Every change of the person as it reached the server (in the JSON file; not printed). */
  syncLog: Record<string, unknown>[];
}

