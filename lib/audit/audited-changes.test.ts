// Every audited change writes its audit row in the transaction of the change: when the row
// cannot be written the change is rolled back, when the change cannot commit no row remains, and
// otherwise both commit. Triggers in this test file's own database play the failures.
import { and, eq, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/db";
import { apiKeys, auditLog, endpoints, eventTypes, invitations, memberships, users, workspaces } from "@/db/schema";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/api-keys";
import type { AuditAction } from "@/lib/audit/record-audit";
import { createEndpoint, deleteEndpoint, revealSigningSecret, rotateSigningSecret, updateEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import { createEventType, deleteEventType, updateEventType } from "@/lib/event-types/event-types";
import { createEventTypeInput } from "@/lib/event-types/schemas";
import { acceptInvitation, declineInvitation, inviteMember, revokeInvitation } from "@/lib/members/invitations";
import { changeMemberRole, removeMember } from "@/lib/members/members";
import { changePassword, signOutEverywhere } from "@/lib/users/account";
import { updateWorkspaceSettings } from "@/lib/workspaces/workspaces";
import { addTestMember, createOwnedWorkspace, TEST_PASSWORD, uniqueEmail } from "@/test/fixtures";

const changedTables: PgTable[] = [endpoints, apiKeys, memberships, invitations, users, eventTypes, workspaces];

await db.execute(sql`create function refuse_write() returns trigger language plpgsql as $$
  begin raise exception '% refused', tg_table_name; end $$`);

async function refuseAuditRows() {
  await db.execute(sql`create trigger refuse_audit_row before insert on ${auditLog} for each row execute function refuse_write()`);
}

// A deferred constraint trigger fails the commit, after every statement of the change (and its audit row) succeeded.
async function refuseCommits() {
  for (const table of changedTables) {
    await db.execute(sql`create constraint trigger refuse_commit after insert or update or delete on ${table}
      deferrable initially deferred for each row execute function refuse_write()`);
  }
}

async function acceptWrites() {
  await db.execute(sql`drop trigger if exists refuse_audit_row on ${auditLog}`);
  for (const table of changedTables) await db.execute(sql`drop trigger if exists refuse_commit on ${table}`);
}
afterEach(acceptWrites);

const auditCount = async (workspaceId: string, action: AuditAction) =>
  (
    await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, workspaceId), eq(auditLog.action, action)))
  ).length;

const endpointsOf = (workspaceId: string) => db.select().from(endpoints).where(eq(endpoints.workspaceId, workspaceId));
const apiKeysOf = (workspaceId: string) => db.select().from(apiKeys).where(eq(apiKeys.workspaceId, workspaceId));
const eventTypesOf = (workspaceId: string) => db.select().from(eventTypes).where(eq(eventTypes.workspaceId, workspaceId));
const invitationsOf = (workspaceId: string) => db.select().from(invitations).where(eq(invitations.workspaceId, workspaceId));
const membersOf = (workspaceId: string) => db.select().from(memberships).where(eq(memberships.workspaceId, workspaceId));

type Workspace = Awaited<ReturnType<typeof createOwnedWorkspace>>;
type AuditedChange = {
  action: AuditAction;
  /** Sets up what the change acts on; returns the change and a read of everything it writes. */
  prepare: (w: Workspace) => Promise<{ change: () => Promise<unknown>; state: () => Promise<unknown> }>;
};

const ownerOf = (w: Workspace) => ({ type: "user" as const, id: w.owner.id });
const managedBy = (w: Workspace) => ({ actor: ownerOf(w), role: "owner" as const });
const newEndpoint = (w: Workspace) =>
  createEndpoint(w.workspace.id, createEndpointInput.parse({ url: "https://example.com/hooks", eventTypes: ["*"] }), ownerOf(w));
const newEventType = (w: Workspace) => createEventType(w.workspace.id, createEventTypeInput.parse({ name: "invoice.paid" }), ownerOf(w));

const changes: AuditedChange[] = [
  {
    action: "endpoint.created",
    prepare: async (w) => ({ change: () => newEndpoint(w), state: () => endpointsOf(w.workspace.id) }),
  },
  {
    action: "endpoint.updated",
    prepare: async (w) => {
      const { id } = await newEndpoint(w);
      return {
        change: () => updateEndpoint(w.workspace.id, id, { url: "https://example.com/moved", enabled: false }, ownerOf(w)),
        state: () => endpointsOf(w.workspace.id),
      };
    },
  },
  {
    action: "endpoint.secret_rotated",
    prepare: async (w) => {
      const { id } = await newEndpoint(w);
      return { change: () => rotateSigningSecret(w.workspace.id, id, 60, ownerOf(w)), state: () => endpointsOf(w.workspace.id) };
    },
  },
  {
    action: "endpoint.deleted",
    prepare: async (w) => {
      const { id } = await newEndpoint(w);
      return { change: () => deleteEndpoint(w.workspace.id, id, ownerOf(w)), state: () => endpointsOf(w.workspace.id) };
    },
  },
  {
    action: "api_key.created",
    prepare: async (w) => ({
      change: () => createApiKey(w.workspace.id, { name: "ci", scopes: [] }, ownerOf(w)),
      state: () => apiKeysOf(w.workspace.id),
    }),
  },
  {
    action: "api_key.revoked",
    prepare: async (w) => {
      const { apiKey } = await createApiKey(w.workspace.id, { name: "ci", scopes: [] }, ownerOf(w));
      return { change: () => revokeApiKey(w.workspace.id, apiKey.id, ownerOf(w)), state: () => apiKeysOf(w.workspace.id) };
    },
  },
  {
    action: "member.invited",
    prepare: async (w) => ({
      change: () => inviteMember(w.workspace.id, { email: uniqueEmail("invited"), role: "viewer" }, managedBy(w)),
      state: () => invitationsOf(w.workspace.id),
    }),
  },
  {
    action: "invitation.accepted",
    prepare: async (w) => {
      const invitee = await createOwnedWorkspace();
      const { token } = await inviteMember(w.workspace.id, { email: invitee.owner.email, role: "viewer" }, managedBy(w));
      return { change: () => acceptInvitation(token, invitee.owner.id), state: () => membersOf(w.workspace.id) };
    },
  },
  {
    action: "invitation.declined",
    prepare: async (w) => {
      const invitee = await createOwnedWorkspace();
      const { token } = await inviteMember(w.workspace.id, { email: invitee.owner.email, role: "viewer" }, managedBy(w));
      return { change: () => declineInvitation(token, invitee.owner.id), state: () => invitationsOf(w.workspace.id) };
    },
  },
  {
    action: "invitation.revoked",
    prepare: async (w) => {
      const { invitationId } = await inviteMember(w.workspace.id, { email: uniqueEmail(), role: "viewer" }, managedBy(w));
      return { change: () => revokeInvitation(w.workspace.id, invitationId, managedBy(w)), state: () => invitationsOf(w.workspace.id) };
    },
  },
  {
    action: "user.password_changed",
    prepare: async (w) => ({
      change: () => changePassword(w.owner.id, { currentPassword: TEST_PASSWORD, newPassword: "a brand new passphrase" }),
      state: () => db.select().from(users).where(eq(users.id, w.owner.id)),
    }),
  },
  {
    action: "user.signed_out_everywhere",
    prepare: async (w) => ({ change: () => signOutEverywhere(w.owner.id), state: () => db.select().from(users).where(eq(users.id, w.owner.id)) }),
  },
  {
    action: "member.role_changed",
    prepare: async (w) => {
      const viewer = await addTestMember(w.workspace.id, "viewer");
      return {
        change: () => changeMemberRole(w.workspace.id, { userId: viewer.id, role: "admin" }, managedBy(w)),
        state: () => membersOf(w.workspace.id),
      };
    },
  },
  {
    action: "member.removed",
    prepare: async (w) => {
      const viewer = await addTestMember(w.workspace.id, "viewer");
      return { change: () => removeMember(w.workspace.id, { userId: viewer.id, revokeTheirKeys: true }, managedBy(w)), state: () => membersOf(w.workspace.id) };
    },
  },
  {
    action: "event_type.created",
    prepare: async (w) => ({ change: () => newEventType(w), state: () => eventTypesOf(w.workspace.id) }),
  },
  {
    action: "event_type.updated",
    prepare: async (w) => {
      await newEventType(w);
      return {
        change: () => updateEventType(w.workspace.id, "invoice.paid", { description: "An invoice was paid." }, ownerOf(w)),
        state: () => eventTypesOf(w.workspace.id),
      };
    },
  },
  {
    action: "event_type.deleted",
    prepare: async (w) => {
      await newEventType(w);
      return { change: () => deleteEventType(w.workspace.id, "invoice.paid", ownerOf(w)), state: () => eventTypesOf(w.workspace.id) };
    },
  },
  {
    action: "workspace.updated",
    prepare: async (w) => ({
      change: () => updateWorkspaceSettings(w.workspace.id, { name: "Renamed", retentionDays: 7 }, ownerOf(w)),
      state: () => db.select().from(workspaces).where(eq(workspaces.id, w.workspace.id)),
    }),
  },
];

describe("an audited change and its audit row are one transaction", () => {
  it.each(changes)("$action is rolled back when its audit row cannot be written", async ({ action, prepare }) => {
    const w = await createOwnedWorkspace();
    const { change, state } = await prepare(w);
    const before = await state();

    await refuseAuditRows();
    await expect(change()).rejects.toMatchObject({ cause: { message: "audit_log refused" } });
    expect(await state()).toEqual(before);
    expect(await auditCount(w.workspace.id, action)).toBe(0);
  });

  it.each(changes)("$action leaves no audit row when the change cannot commit, and commits with it", async ({ action, prepare }) => {
    const w = await createOwnedWorkspace();
    const { change, state } = await prepare(w);
    const before = await state();

    await refuseCommits();
    await expect(change()).rejects.toThrow(/refused/);
    expect(await state()).toEqual(before);
    expect(await auditCount(w.workspace.id, action)).toBe(0);

    await acceptWrites();
    await change();
    expect(await state()).not.toEqual(before);
    expect(await auditCount(w.workspace.id, action)).toBe(1);
  });

  it("returns no signing secret when the reveal cannot be audited", async () => {
    const w = await createOwnedWorkspace();
    const { id, secret } = await newEndpoint(w);

    await refuseAuditRows();
    await expect(revealSigningSecret(w.workspace.id, id, ownerOf(w))).rejects.toMatchObject({ cause: { message: "audit_log refused" } });
    expect(await auditCount(w.workspace.id, "endpoint.secret_revealed")).toBe(0);

    await acceptWrites();
    expect((await revealSigningSecret(w.workspace.id, id, ownerOf(w))).secret).toBe(secret);
    expect(await auditCount(w.workspace.id, "endpoint.secret_revealed")).toBe(1);
  });
});
