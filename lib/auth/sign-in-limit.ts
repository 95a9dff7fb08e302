import { and, eq, gt, lt, sql } from "drizzle-orm";
import { db } from "@/db";
import { signInFailures } from "@/db/schema";

const SIGN_IN_WINDOW_MS = 15 * 60_000;
/** Failures of one email from one client address that lock that pair. */
export const MAX_FAILED_SIGN_INS = 5;
/** Failures of one email from any addresses that lock the account, so many addresses gain no more guesses. */
const MAX_FAILED_SIGN_INS_PER_ACCOUNT = 20;

function windowStart(): Date {
  return new Date(Date.now() - SIGN_IN_WINDOW_MS);
}

/** True once an email has failed too often in the current window, from this client address or from all. */
export async function isSignInLocked(email: string, clientAddress: string): Promise<boolean> {
  const [row] = await db
    .select({
      fromAddress: sql<number>`(count(*) filter (where ${signInFailures.clientAddress} = ${clientAddress}))::int`,
      fromAll: sql<number>`count(*)::int`,
    })
    .from(signInFailures)
    .where(and(eq(signInFailures.email, email.toLowerCase()), gt(signInFailures.createdAt, windowStart())));
  return (row?.fromAddress ?? 0) >= MAX_FAILED_SIGN_INS || (row?.fromAll ?? 0) >= MAX_FAILED_SIGN_INS_PER_ACCOUNT;
}

export async function recordSignInFailure(email: string, clientAddress: string): Promise<void> {
  await db.insert(signInFailures).values({ email: email.toLowerCase(), clientAddress });
  // Old failures no longer count; prune them as we go so the table stays small.
  await db.delete(signInFailures).where(lt(signInFailures.createdAt, windowStart()));
}

export async function clearSignInFailures(email: string, clientAddress: string): Promise<void> {
  await db.delete(signInFailures).where(and(eq(signInFailures.email, email.toLowerCase()), eq(signInFailures.clientAddress, clientAddress)));
}
