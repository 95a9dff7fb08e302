"use client";

import { inputClass } from "@/components/ui/field";
import { switchWorkspaceAction } from "@/app/(console)/actions";

type Option = { workspaceId: string; name: string; role: string };

export function WorkspaceSwitcher({ current, workspaces }: { current: string; workspaces: Option[] }) {
  return (
    <form action={switchWorkspaceAction}>
      <label htmlFor="workspace-switcher" className="mb-1 block text-xs font-medium text-zinc-500 dark:text-zinc-400">
        Workspace
      </label>
      <select
        id="workspace-switcher"
        name="workspaceId"
        defaultValue={current}
        className={inputClass}
        onChange={(event) => event.currentTarget.form?.requestSubmit()}
      >
        {workspaces.map((w) => (
          <option key={w.workspaceId} value={w.workspaceId}>
            {w.name} ({w.role})
          </option>
        ))}
      </select>
      <noscript>
        <button type="submit">Switch</button>
      </noscript>
    </form>
  );
}
