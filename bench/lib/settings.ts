// The benchmarks' sizes and durations (BENCH_* variables, listed in bench/run.ts), checked before any benchmark starts.
import { z } from "zod";
import { parseVariables, positiveInteger, variable } from "@/lib/config/settings";
import { MAX_BATCH_EVENTS } from "@/lib/events/schemas";

const wholeNumber = variable("a whole number (0 or more)", (text) => (/^\d+$/.test(text) ? Number(text) : undefined));
const batchSize = variable(`a whole number from 1 to ${MAX_BATCH_EVENTS} (the most events a batch may carry)`, (text) => {
  const value = Number(text);
  return /^\d+$/.test(text) && value >= 1 && value <= MAX_BATCH_EVENTS ? value : undefined;
});
const positiveIntegers = variable("comma-separated positive integers", (text) => {
  const values = text.split(",").map((part) => Number(part.trim()));
  return values.every((value) => Number.isInteger(value) && value >= 1) ? values : undefined;
});

const benchSchema = z.object({
  BENCH_RAW_REQUESTS: positiveInteger.default(20_000),
  BENCH_E2E_EVENTS: positiveInteger.default(4_000),
  BENCH_E2E_ENDPOINTS: positiveInteger.default(4),
  BENCH_E2E_CONNECTIONS: positiveInteger.default(64),
  BENCH_E2E_WARMUP_EVENTS: wholeNumber.default(2_000),
  BENCH_E2E_BATCH_SIZE: batchSize.default(50),
  BENCH_E2E_BATCH_CONNECTIONS: positiveInteger.default(8),
  BENCH_LATENCY_RATE: positiveInteger.default(200),
  BENCH_LATENCY_SECONDS: positiveInteger.default(15),
  BENCH_INGEST_CONNECTIONS: positiveInteger.default(64),
  BENCH_INGEST_SECONDS: positiveInteger.default(10),
  BENCH_INGEST_WARMUP_SECONDS: wholeNumber.default(5),
  BENCH_INGEST_BATCH_SIZE: batchSize.default(50),
  BENCH_INGEST_BATCH_CONNECTIONS: positiveInteger.default(8),
  BENCH_CLEANUP_ROWS: positiveInteger.default(300_000),
  BENCH_CLEANUP_INGEST_CONNECTIONS: positiveInteger.default(16),
  BENCH_CLEANUP_INGEST_SECONDS: positiveInteger.default(10),
  BENCH_HISTORY_SIZES: positiveIntegers.default([1_000_000, 10_000_000]),
  BENCH_TENANTS: positiveInteger.default(100_000),
  BENCH_TENANT_ROUND_EVENTS: positiveInteger.default(2_000),
  BENCH_TENANT_ROUNDS: positiveInteger.default(4),
  BENCH_TENANT_CONNECTIONS: positiveInteger.default(64),
  BENCH_TENANT_WARMUP_EVENTS: wholeNumber.default(2_000),
  BENCH_TENANT_HISTORY_DELIVERIES: positiveInteger.default(10_000_000),
  BENCH_PEER_ROUNDS: positiveInteger.default(3),
  BENCH_PEER_CONCURRENCY: positiveInteger.default(256),
});

export type BenchSettings = z.output<typeof benchSchema>;

/** The run's knobs from its environment; a bad one ends the run with its message and exit code 2. */
export function benchSettings(env: Record<string, string | undefined>): BenchSettings {
  try {
    return parseVariables(benchSchema, env);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
}
