"use client";

import { createContext, useCallback, useContext, useEffect, useEffectEvent, useRef, useState } from "react";
import type { ActionResult } from "@/lib/actions/workspace-action";

type Toast = { id: number; message: string };

const ToastContext = createContext<(message: string) => void>(() => {});
const LIFETIME_MS = 6000;

/**
 * Transient confirmations in the corner of the screen (errors stay next to what caused them).
 * One polite live region announces them; each closes by itself, or with its button.
 */
export function Toaster({ children }: { children: React.ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(0);
  const dismiss = useCallback((id: number) => setToasts((current) => current.filter((toast) => toast.id !== id)), []);
  const show = useCallback(
    (message: string) => {
      const id = ++nextId.current;
      setToasts((current) => [...current.slice(-3), { id, message }]);
      setTimeout(() => dismiss(id), LIFETIME_MS);
    },
    [dismiss],
  );
  return (
    <ToastContext value={show}>
      {children}
      <div role="status" aria-live="polite" className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-96 max-w-[calc(100vw-2rem)] flex-col gap-2">
        {toasts.map((toast) => (
          <div
            key={toast.id}
            data-testid="toast"
            className="pointer-events-auto flex items-start gap-3 rounded-md border border-teal-200 bg-white px-4 py-3 text-sm text-teal-900 shadow-lg dark:border-teal-800 dark:bg-zinc-900 dark:text-teal-100"
          >
            <p className="flex-1">{toast.message}</p>
            <button
              type="button"
              aria-label="Dismiss notification"
              onClick={() => dismiss(toast.id)}
              onKeyDown={(event) => event.key === "Escape" && dismiss(toast.id)}
              className="rounded px-1 text-zinc-600 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-teal-600 dark:text-zinc-400 dark:hover:text-zinc-100"
            >
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext>
  );
}

/** Toasts each new successful result of a server action with the message `messageOf` gives. */
export function useResultToast<T>(result: ActionResult<T> | null, messageOf: (data: T) => string) {
  const toast = useContext(ToastContext);
  const announce = useEffectEvent((data: T) => toast(messageOf(data)));
  useEffect(() => {
    if (result?.ok) announce(result.data);
  }, [result]);
}
