// CPU time of the processes a benchmark runs (Linux /proc), by role: Tern's web server and
// delivery worker, or the peer's publisher, worker and Redis (bench/peer.ts); PostgreSQL; and this
// benchmark process (load generator and receiver). Dividing by the work done gives a cost per
// request that varies less between runs than throughput does on a shared machine.
import { readdirSync, readFileSync } from "node:fs";

// Every role, in the order a description lists them.
const LABELS = { web: "web", publisher: "publisher", worker: "worker", redis: "Redis", postgres: "PostgreSQL", bench: "benchmark process" } as const;
type CpuRole = keyof typeof LABELS;

const TERN_ROLES = ["web", "worker", "postgres", "bench"] as const;
/** The processes of the BullMQ sender's run (bench/peer.ts). */
export const PEER_ROLES = ["publisher", "worker", "redis", "postgres", "bench"] as const;
/** Seconds (or milliseconds per unit) by role of Tern's processes. */
export type CpuSeconds = Record<(typeof TERN_ROLES)[number], number>;

const TICKS_PER_SECOND = 100; // USER_HZ, which /proc reports in on Linux

function read(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined; // the process ended meanwhile
  }
}

/** The processes `pid` has started and not yet reaped. */
export function childrenOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tasks.flatMap((task) => (read(`/proc/${pid}/task/${task}/children`) ?? "").split(" ").filter(Boolean).map(Number));
}

/** User plus system seconds of one process, all its threads, and of its children that have ended. */
export function cpuOf(pid: number): number {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return 0;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime + stime, plus cutime + cstime: the children it has reaped (PostgreSQL's autovacuum
  // workers and ended backends, Redis's forks), which would otherwise vanish between two readings.
  return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
}

function roleOf(pid: number): CpuRole | undefined {
  const command = (read(`/proc/${pid}/cmdline`) ?? "").replaceAll("\0", " ");
  if (command.startsWith("next-server") || command.includes("next/dist/bin/next")) return "web";
  if (command.includes("scripts/worker.ts") || command.includes("peers/bullmq/worker.ts")) return "worker";
  if (command.includes("peers/bullmq/publisher.ts")) return "publisher";
  // The server, and the children it forks to rewrite its append-only file or save a snapshot.
  if (command.startsWith("redis-")) return "redis";
  if (command.includes("postgres")) return "postgres";
  return undefined;
}

/** CPU seconds used so far by this process's descendants, by role, and by this process. */
export function cpuSeconds(): Record<CpuRole, number> {
  const totals = { web: 0, publisher: 0, worker: 0, redis: 0, postgres: 0, bench: cpuOf(process.pid) };
  const pending = childrenOf(process.pid);
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    const role = roleOf(pid);
    if (role) totals[role] += cpuOf(pid);
    pending.push(...childrenOf(pid));
  }
  return totals;
}

/** Milliseconds of CPU per unit of work between two readings, by role (Tern's unless given), to 0.01 ms. */
export function cpuMsPer<R extends CpuRole = (typeof TERN_ROLES)[number]>(
  before: NoInfer<Record<R, number>>,
  after: NoInfer<Record<R, number>>,
  units: number,
  roles: readonly R[] = TERN_ROLES as readonly CpuRole[] as readonly R[],
): Record<R, number> {
  const per = (role: R) => Math.round(((after[role] - before[role]) * 1000 * 100) / Math.max(1, units)) / 100;
  return Object.fromEntries(roles.map((role) => [role, per(role)])) as Record<R, number>;
}

export function describeCpu(per: Partial<Record<CpuRole, number>>, unit: string): string {
  const roles = (Object.keys(LABELS) as CpuRole[]).filter((role) => per[role] !== undefined);
  return `CPU per ${unit}: ${roles.map((role) => `${LABELS[role]} ${per[role]} ms`).join(", ")}`;
}
