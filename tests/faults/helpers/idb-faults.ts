// What a browser does to an app's IndexedDB that a test must be able to do too: close the connection
// under it (iOS Safari under memory pressure, "storage cleared" flows), and refuse a write because the
// origin's quota is used up. Both act on the real database of the test (fake-indexeddb), through
// Dexie's DBCore middleware, so the app code under test is unchanged.
import type { CongDanSoDb } from '../../../src/db/database';

/** The browser closes the connection: in-flight transactions end, the `close` event fires. */
export function closeConnectionLikeTheBrowser(db: CongDanSoDb): void {
  const connection = db.backendDB();
  if (!connection) return;
  connection.close();
  // Browsers fire `close` on a connection they closed themselves (not on one the page closed); Dexie
  // listens to it. fake-indexeddb cannot dispatch it, so the handler is called as the browser would.
  connection.onclose?.call(connection, new Event('close'));
}

export interface WriteFault {
  /** Which table's writes fail. */
  table: string;
  /** Fails writes while true. */
  armed: boolean;
  /** How many writes it refused. */
  refused: number;
  /** What a refused write throws (and what happens to the connection). */
  kind: 'quota' | 'connection-lost';
}

/** Installs a fault on the writes of one table: the transaction around the write then fails as a whole. */
export function installWriteFault(db: CongDanSoDb, fault: WriteFault): void {
  db.use({
    stack: 'dbcore',
    name: `write-fault-${fault.table}`,
    create(down) {
      return {
        ...down,
        table(name) {
          const table = down.table(name);
          return {
            ...table,
            mutate(request) {
              if (!fault.armed || name !== fault.table) return table.mutate(request);
              fault.refused += 1;
              if (fault.kind === 'connection-lost') {
                // The transaction dies with the connection, after the writes before this one were made.
                (request.trans as unknown as IDBTransaction).abort();
                closeConnectionLikeTheBrowser(db);
                return Promise.reject(new DOMException('The connection was closed.', 'AbortError'));
              }
              return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
            },
          };
        },
      };
    },
  });
}
