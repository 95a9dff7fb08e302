// CPU time of the processes a benchmark runs (Linux /proc), by role: the web server, the delivery
// worker, PostgreSQL, and this benchmark process (load generator and receiver). Dividing by the
// work done gives a cost per request that varies less between runs than throughput does on a
// shared machine.
import { readdirSync, readFileSync } from "node:fs";

type CpuRole = "web" | "worker" | "postgres" | "bench";
export type CpuSeconds = Record<CpuRole, number>;

const TICKS_PER_SECOND = 100; // USER_HZ, which /proc reports in on Linux

function read(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined; // the process ended meanwhile
  }
}

function childrenOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tasks.flatMap((task) => (read(`/proc/${pid}/task/${task}/children`) ?? "").split(" ").filter(Boolean).map(Number));
}

/** User plus system seconds of one process, all its threads. */
function cpuOf(pid: number): number {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return 0;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

function roleOf(pid: number): CpuRole | undefined {
  const command = (read(`/proc/${pid}/cmdline`) ?? "").replaceAll("\0", " ");
  if (command.startsWith("next-server") || command.includes("next/dist/bin/next")) return "web";
  if (command.includes("scripts/worker.ts")) return "worker";
  if (command.includes("postgres")) return "postgres";
  return undefined;
}

/** CPU seconds used so far by this process's descendants, by role, and by this process. */
export function cpuSeconds(): CpuSeconds {
  const totals: CpuSeconds = { web: 0, worker: 0, postgres: 0, bench: cpuOf(process.pid) };
  const pending = childrenOf(process.pid);
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    const role = roleOf(pid);
    if (role) totals[role] += cpuOf(pid);
    pending.push(...childrenOf(pid));
  }
  return totals;
}

/** Milliseconds of CPU per unit of work between two readings, by role, to 0.01 ms. */
export function cpuMsPer(before: CpuSeconds, after: CpuSeconds, units: number): CpuSeconds {
  const per = (role: CpuRole) => Math.round(((after[role] - before[role]) * 1000 * 100) / Math.max(1, units)) / 100;
  return { web: per("web"), worker: per("worker"), postgres: per("postgres"), bench: per("bench") };
}

export function describeCpu(per: CpuSeconds, unit: string): string {
  return `CPU per ${unit}: web ${per.web} ms, worker ${per.worker} ms, PostgreSQL ${per.postgres} ms, benchmark process ${per.bench} ms`;
}
