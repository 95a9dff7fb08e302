"use client";

import { useActionState, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { inputClass } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useResultToast } from "@/components/ui/toaster";
import type { MemberRole } from "@/db/schema";
import { hasRole } from "@/lib/auth/roles";
import { changeMemberRoleAction, removeMemberAction } from "../actions";

type Props = { userId: string; email: string; role: MemberRole; canGrantOwner: boolean; activeApiKeysCreated: number; isYou: boolean };

/** What a role lets someone do, finishing "… will be able to". */
const rights: Record<MemberRole, string> = {
  viewer: "read everything in this workspace, but change nothing: no endpoints, tenants, settings or API keys",
  admin: "change endpoints, tenants, settings and API keys, and invite and remove members other than owners",
  owner: "do everything, including making and removing owners: only an owner can take this role back",
};

/** The confirmation's question and consequence for giving `email` the role `to` instead of `from`. */
function roleChange(email: string, from: MemberRole, to: MemberRole, isYou: boolean) {
  const who = isYou ? "You" : email;
  const title = isYou ? `Make yourself ${to === "admin" ? "an" : "a"} ${to}?` : `Make ${email} ${to === "admin" ? "an" : "a"} ${to}?`;
  const lowering = !hasRole(to, from);
  const consequence = `${who} will be able to ${rights[to]}.${
    lowering && isYou ? " You cannot undo this yourself: another owner or admin will have to give the role back." : ""
  }`;
  return { title, consequence, danger: to === "owner" || lowering };
}

export function MemberControls({ userId, email, role, canGrantOwner, activeApiKeysCreated, isYou }: Props) {
  const [roleState, changeRole] = useActionState(changeMemberRoleAction, null);
  useResultToast(roleState, () => `Changed the role of ${email}.`);
  const [removeState, remove] = useActionState(removeMemberAction, null);
  const [confirmingRemoval, setConfirmingRemoval] = useState(false);
  // The role picked but not yet confirmed; the select shows it while the dialog asks.
  const [pendingRole, setPendingRole] = useState<MemberRole | null>(null);
  const roleForm = useRef<HTMLFormElement>(null);
  const roleSelect = useRef<HTMLSelectElement>(null);
  const error = (roleState && !roleState.ok && roleState.error) || (removeState && !removeState.ok && removeState.error);
  const change = pendingRole ? roleChange(email, role, pendingRole, isYou) : undefined;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <form ref={roleForm} action={changeRole}>
        <input type="hidden" name="userId" value={userId} />
        <select
          ref={roleSelect}
          name="role"
          aria-label={`Role of ${email}`}
          defaultValue={role}
          className={`${inputClass} w-32 py-1`}
          onChange={(event) => setPendingRole(event.currentTarget.value as MemberRole)}
        >
          <option value="viewer">Viewer</option>
          <option value="admin">Admin</option>
          {canGrantOwner || role === "owner" ? <option value="owner">Owner</option> : null}
        </select>
      </form>
      <ConfirmDialog
        open={change !== undefined}
        title={change?.title ?? ""}
        confirmLabel={pendingRole ? `Make ${isYou ? "me" : "them"} ${pendingRole}` : ""}
        tone={change?.danger ? "danger" : "primary"}
        onConfirm={() => {
          setPendingRole(null);
          roleForm.current?.requestSubmit();
        }}
        onCancel={() => {
          setPendingRole(null);
          if (roleSelect.current) roleSelect.current.value = role;
        }}
      >
        <p>{change?.consequence}</p>
        <p>
          Now {isYou ? "you are" : "they are"} {role === "admin" ? "an" : "a"} {role}.
        </p>
      </ConfirmDialog>
      {confirmingRemoval ? (
        <form action={remove} className="inline-flex flex-wrap items-center gap-2">
          <input type="hidden" name="userId" value={userId} />
          {activeApiKeysCreated > 0 ? (
            <label className="inline-flex items-center gap-1 text-xs">
              <input type="checkbox" name="revokeTheirKeys" defaultChecked />
              Also revoke the {activeApiKeysCreated === 1 ? "API key" : `${activeApiKeysCreated} API keys`} they created
            </label>
          ) : null}
          <SubmitButton variant="danger" pendingLabel="Removing…">
            Confirm removal
          </SubmitButton>
          <Button variant="ghost" onClick={() => setConfirmingRemoval(false)} autoFocus>
            Cancel
          </Button>
        </form>
      ) : (
        <Button variant="ghost" onClick={() => setConfirmingRemoval(true)} aria-label={`Remove ${email}`}>
          Remove
        </Button>
      )}
      {error ? (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </span>
      ) : null}
    </div>
  );
}
