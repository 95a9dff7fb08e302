"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useResultToast } from "@/components/ui/toaster";
import type { MemberRole } from "@/db/schema";
import { changeMemberRoleAction, removeMemberAction } from "../actions";

type Props = { userId: string; email: string; role: MemberRole; canGrantOwner: boolean; activeApiKeysCreated: number };

export function MemberControls({ userId, email, role, canGrantOwner, activeApiKeysCreated }: Props) {
  const [roleState, changeRole] = useActionState(changeMemberRoleAction, null);
  useResultToast(roleState, () => `Changed the role of ${email}.`);
  const [removeState, remove] = useActionState(removeMemberAction, null);
  const [confirming, setConfirming] = useState(false);
  const error = (roleState && !roleState.ok && roleState.error) || (removeState && !removeState.ok && removeState.error);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <form action={changeRole}>
        <input type="hidden" name="userId" value={userId} />
        <select
          name="role"
          aria-label={`Role of ${email}`}
          defaultValue={role}
          className={`${inputClass} w-32 py-1`}
          onChange={(event) => event.currentTarget.form?.requestSubmit()}
        >
          <option value="viewer">Viewer</option>
          <option value="admin">Admin</option>
          {canGrantOwner || role === "owner" ? <option value="owner">Owner</option> : null}
        </select>
      </form>
      {confirming ? (
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
          <Button variant="ghost" onClick={() => setConfirming(false)} autoFocus>
            Cancel
          </Button>
        </form>
      ) : (
        <Button variant="ghost" onClick={() => setConfirming(true)} aria-label={`Remove ${email}`}>
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
