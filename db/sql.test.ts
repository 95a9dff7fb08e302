import { sql } from "drizzle-orm";
import { integer, pgTable, text } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { columnList, unqualified } from "@/db/sql";

// Names that need quoting: upper case, a space, and a double quote of their own.
const odd = pgTable("sql_helpers_odd", {
  id: text("Id").primaryKey(),
  label: text('say "hi"'),
  count: integer("per hour").notNull(),
});

describe("naming columns in raw statements", () => {
  it("quotes names as PostgreSQL reads them, in column lists, set clauses and returning", async () => {
    const rows = await db.transaction(async (tx) => {
      await tx.execute(sql`create temporary table sql_helpers_odd ("Id" text primary key, "say ""hi""" text, "per hour" int not null) on commit drop`);
      await tx.execute(sql`insert into ${odd} (${columnList(odd.id, odd.label, odd.count)}) values ('a', 'x', 1)`);
      return tx.execute<Record<string, unknown>>(sql`
        update ${odd} set ${unqualified(odd.count)} = ${odd.count} + 1, ${unqualified(odd.label)} = 'y'
        returning ${unqualified(odd.id)}, ${unqualified(odd.label)}, ${unqualified(odd.count)}`);
    });
    expect(rows).toEqual([{ Id: "a", 'say "hi"': "y", "per hour": 2 }]);
  });
});
