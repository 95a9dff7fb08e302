// Custom header values were stored in clear in endpoints.headers. A SQL migration cannot encrypt
// (the key is the app's), so migration 0009 added headers_encrypted and every start moves what is
// still in clear over; a separate column, not a marker in the old one, makes "not yet encrypted" unambiguous.
import { eq, sql } from "drizzle-orm";
import { db } from "@/db";
import { endpoints } from "@/db/schema";
import { encryptValues } from "@/lib/crypto/secret-box";

const BATCH_SIZE = 500;

/** Encrypts the header values still kept in clear and empties the old column; returns how many endpoints it moved. Safe to run on every start, by several instances at once. */
export async function encryptPlaintextHeaders(): Promise<number> {
  let moved = 0;
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const rows = await tx
        .select({ id: endpoints.id, headers: endpoints.plaintextHeaders })
        .from(endpoints)
        .where(sql`${endpoints.plaintextHeaders} <> '{}'::jsonb`)
        .limit(BATCH_SIZE)
        .for("update", { skipLocked: true });
      // The clear column holds the newest full set (only a version before 0009 writes it), so it replaces what is encrypted.
      for (const row of rows)
        await tx
          .update(endpoints)
          .set({ headersEncrypted: encryptValues(row.headers), plaintextHeaders: {} })
          .where(eq(endpoints.id, row.id));
      return rows.length;
    });
    moved += batch;
    if (batch < BATCH_SIZE) return moved;
  }
}
