"use client";

import { useActionState, useId } from "react";
import { inputClass } from "@/components/ui/field";
import { switchWorkspaceAction } from "../actions";

type Option = { workspaceId: string; name: string; role: string };

export function WorkspaceSwitcher({ current, workspaces }: { current: string; workspaces: Option[] }) {
  const [state, formAction] = useActionState(switchWorkspaceAction, null);
  // The sidebar may be on the page twice (beside it and in the narrow screen's drawer).
  const selectId = useId();
  return (
    <form action={formAction}>
      <label htmlFor={selectId} className="mb-1 block text-xs font-medium text-zinc-500 dark:text-zinc-400">
        Workspace
      </label>
      <select id={selectId} name="workspaceId" defaultValue={current} className={inputClass} onChange={(event) => event.currentTarget.form?.requestSubmit()}>
        {workspaces.map((w) => (
          <option key={w.workspaceId} value={w.workspaceId}>
            {w.name} ({w.role})
          </option>
        ))}
      </select>
      {state && !state.ok ? (
        <p role="alert" className="mt-1 text-xs text-red-700 dark:text-red-400">
          {state.error}
        </p>
      ) : null}
      <noscript>
        <button type="submit">Switch</button>
      </noscript>
    </form>
  );
}
