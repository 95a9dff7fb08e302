import postgres from "postgres";

/**
 * A postgres.js client for a connection URL. Like libpq, `?host=/a/directory` connects through
 * the Unix socket in that directory, which costs less per query than loopback TCP.
 */
export function postgresClient(url: string, options: postgres.Options<Record<string, postgres.PostgresType>> = {}) {
  const parsed = new URL(url);
  const socketDir = parsed.searchParams.get("host");
  if (!socketDir?.startsWith("/")) return postgres(url, options);
  parsed.searchParams.delete("host");
  return postgres(parsed.toString(), { ...options, host: socketDir });
}
