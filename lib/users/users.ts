import { eq, sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db";
import { db } from "@/db";
import { users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { newId } from "@/lib/ids";

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(email: string, tx: Database | Transaction = db) {
  const [user] = await tx
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, normalizeEmail(email)))
    .limit(1);
  return user;
}

export async function createUser(tx: Database | Transaction, input: { email: string; name?: string; password: string }) {
  const [user] = await tx
    .insert(users)
    .values({
      id: newId("usr"),
      email: normalizeEmail(input.email),
      name: input.name ?? "",
      passwordHash: await hashPassword(input.password),
    })
    .returning();
  return user!;
}

export async function findSessionVersion(userId: string): Promise<number | undefined> {
  const [user] = await db.select({ sessionVersion: users.sessionVersion }).from(users).where(eq(users.id, userId));
  return user?.sessionVersion;
}

/** Ends every session the user holds: each carries the old version and is refused on its next request. */
export async function bumpSessionVersion(tx: Database | Transaction, userId: string): Promise<void> {
  await tx
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId));
}

/** Sets a new password; every session signed in with the old one ends. */
export async function setPassword(tx: Database | Transaction, userId: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await tx
    .update(users)
    .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId));
}

export async function countUsers(): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(users);
  return row?.count ?? 0;
}
