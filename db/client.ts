import postgres from "postgres";

type Sql = postgres.Sql<Record<string, postgres.PostgresType>>;

// Drizzle runs every query unprepared, which postgres.js sends in two round trips (describe the
// parameters, then bind and execute). As named prepared statements, cached per connection,
// queries take one. Queries with many parameters (long IN lists, multi-row inserts) change
// shape with their input, so they stay unprepared and the cache stays small.
const MAX_PREPARED_PARAMETERS = 16;

function preparing(sql: Sql): Sql {
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return (query: string, parameters?: unknown[], options?: { prepare?: boolean }) =>
          target.unsafe(query, parameters as postgres.ParameterOrJSON<never>[], {
            ...options,
            prepare: options?.prepare || (parameters?.length ?? 0) <= MAX_PREPARED_PARAMETERS,
          });
      }
      if (property === "begin") {
        return (...args: unknown[]) => {
          const callback = args.pop() as (tx: Sql) => unknown;
          return (target.begin as (...a: unknown[]) => unknown)(...args, (tx: Sql) => callback(preparing(tx)));
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

/**
 * A postgres.js client for a connection URL. Like libpq, `?host=/a/directory` connects through
 * the Unix socket in that directory, which costs less per query than loopback TCP.
 */
export function postgresClient(url: string, options: postgres.Options<Record<string, postgres.PostgresType>> = {}): Sql {
  const parsed = new URL(url);
  const socketDir = parsed.searchParams.get("host");
  if (!socketDir?.startsWith("/")) return preparing(postgres(url, options));
  parsed.searchParams.delete("host");
  return preparing(postgres(parsed.toString(), { ...options, host: socketDir }));
}
