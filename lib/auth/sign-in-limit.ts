import { and, eq, gt, lt, sql } from "drizzle-orm";
import { db } from "@/db";
import { signInFailures } from "@/db/schema";

const SIGN_IN_WINDOW_MS = 15 * 60_000;
export const MAX_FAILED_SIGN_INS = 5;

function windowStart(): Date {
  return new Date(Date.now() - SIGN_IN_WINDOW_MS);
}

/** True once an email + client address has failed too often in the current window. */
export async function isSignInLocked(email: string, clientAddress: string): Promise<boolean> {
  const [row] = await db
    .select({ failures: sql<number>`count(*)::int` })
    .from(signInFailures)
    .where(and(eq(signInFailures.email, email.toLowerCase()), eq(signInFailures.clientAddress, clientAddress), gt(signInFailures.createdAt, windowStart())));
  return (row?.failures ?? 0) >= MAX_FAILED_SIGN_INS;
}

export async function recordSignInFailure(email: string, clientAddress: string): Promise<void> {
  await db.insert(signInFailures).values({ email: email.toLowerCase(), clientAddress });
  // Old failures no longer count; prune them as we go so the table stays small.
  await db.delete(signInFailures).where(lt(signInFailures.createdAt, windowStart()));
}

export async function clearSignInFailures(email: string, clientAddress: string): Promise<void> {
  await db.delete(signInFailures).where(and(eq(signInFailures.email, email.toLowerCase()), eq(signInFailures.clientAddress, clientAddress)));
}
