"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { signOutAction } from "../../(auth)/actions";

export function SignOutButton() {
  const [state, formAction] = useActionState(signOutAction, null);
  return (
    <form action={formAction}>
      <Button type="submit" variant="ghost" className="w-full justify-start">
        Sign out
      </Button>
      {state && !state.ok ? (
        <p role="alert" className="mt-1 px-3 text-xs text-red-700 dark:text-red-400">
          {state.error}
        </p>
      ) : null}
    </form>
  );
}
