import pg from "pg";

// Connections to the sync server's PostgreSQL. Sequences, heads and counts are BIGINT; node-postgres hands those
// back as strings unless told otherwise. A clinic's sequence stays far below 2^53, so they are read as numbers.

const INT8_OID = 20;

const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8_OID && format !== "binary"
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? "text")) as typeof pg.types.getTypeParser,
};

export function connectionConfig(url: string): pg.ClientConfig {
  return { connectionString: url, types, application_name: "hms-sync-server" };
}

export function openPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ ...connectionConfig(url), max });
  // An idle connection dropped by the database (a restart, a failover) must not crash the server process.
  pool.on("error", () => undefined);
  return pool;
}

/** Runs `work` in one transaction on one connection: committed when it returns, rolled back when it throws. */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
