import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** A DuckDB connection limited to `threads` (1 = one thread, 0 = all cores). The peer, never a crutch. */
export async function duckdb(threads = 1): Promise<DuckDBConnection> {
  const inst = await DuckDBInstance.create(':memory:', threads > 0 ? { threads: String(threads) } : {});
  return inst.connect();
}
