// Meta keys of the sync engine and the session (see ./meta.ts for the phone's other settings).
export const SYNC_META_KEYS = {
  session: 'session',
  deviceId: 'deviceId',
  cursor: 'syncCursor',
  lastSyncAt: 'lastSyncAt',
  /** Whether the server last said it reads gzip request bodies (src/sync/api.ts GzipMemory). */
  serverReadsGzip: 'serverReadsGzip',
  /** Records whose server copy is fetched again at the next sync: a change to them was discarded. [PL7] */
  refetch: 'refetchRecords',
} as const;
