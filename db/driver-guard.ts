// postgres.js 3.4.9 can throw from a timer when a connection drops between scheduling a write
// and making it (porsager/postgres#1154, #1208: `socket.write` on a null socket). The throw
// escapes every try/catch and would take the process down, and the connection it leaves
// behind never flushes small writes again. Found by faults/postgres-restart.slow.test.ts.
import { resetDb } from "@/db";

function isDroppedSocketWrite(error: unknown): boolean {
  return error instanceof TypeError && /reading 'write'/.test(error.message) && /nextWrite[\s\S]*postgres[\\/]src[\\/]connection\.js/.test(error.stack ?? "");
}

let installed = false;

/**
 * Survives that one driver fault by replacing the pool (in-flight queries fail and are retried
 * by their callers, as after any connection loss). Every other uncaught exception still ends
 * the process, as it would without a handler.
 */
export function guardAgainstDroppedSocketWrites(): void {
  if (installed) return;
  installed = true;
  process.on("uncaughtException", (error) => {
    if (!isDroppedSocketWrite(error)) {
      console.error(error);
      process.exit(1);
    }
    console.error("[tern] The database connection dropped mid-write; opening a new connection pool.");
    resetDb();
  });
}
