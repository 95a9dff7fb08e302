"use client";

import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";

// Tailwind's md breakpoint: from here on the sidebar is always in view and the drawer has no use.
const WIDE = "(min-width: 768px)";

/**
 * The sidebar on narrow screens: a top bar with a menu button that opens `children` in a drawer.
 * The drawer is a modal <dialog>, so the page behind it is inert and keeps focus inside it;
 * Escape, the close button, a click beside it and going to another page close it.
 */
export function ConsoleDrawer({ children }: { children: React.ReactNode }) {
  const pathname = usePathname();
  // Open only on the page it was opened on: a navigation from anywhere (a link, the back button) closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const close = () => setOpenOn(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const menuButton = useRef<HTMLButtonElement>(null);
  const drawerId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) {
      element.close();
      menuButton.current?.focus();
    }
  }, [open]);

  useEffect(() => {
    const wide = window.matchMedia(WIDE);
    const closeWhenWide = () => wide.matches && setOpenOn(null);
    wide.addEventListener("change", closeWhenWide);
    return () => wide.removeEventListener("change", closeWhenWide);
  }, []);

  return (
    <>
      <header className="sticky top-0 z-30 flex h-14 items-center justify-between border-b border-zinc-200 bg-white px-4 md:hidden dark:border-zinc-800 dark:bg-zinc-900">
        <p className="text-lg font-semibold tracking-tight text-teal-800 dark:text-teal-400">Tern</p>
        <button
          ref={menuButton}
          type="button"
          aria-expanded={open}
          aria-controls={drawerId}
          onClick={() => setOpenOn(pathname)}
          className="inline-flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium text-zinc-800 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-teal-600 dark:text-zinc-200 dark:hover:bg-zinc-800"
        >
          <svg aria-hidden="true" viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round">
            <path d="M3 5h14M3 10h14M3 15h14" />
          </svg>
          Menu
        </button>
      </header>
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: the click is on the backdrop or a link; from the keyboard, Escape and the close button close it */}
      <dialog
        ref={dialog}
        id={drawerId}
        aria-label="Menu"
        onCancel={(event) => {
          event.preventDefault();
          close();
        }}
        onClose={() => open && close()}
        onClick={(event) => {
          const target = event.target as Element;
          // The backdrop is the <dialog> itself. A link to another page closes the drawer once that page
          // shows (with the link's loading mark until then); a link to this very page has nothing to wait for.
          const link = target.closest("a[href]");
          const toThisPage = link instanceof HTMLAnchorElement && new URL(link.href).pathname === pathname;
          if (target === event.currentTarget || toThisPage) close();
        }}
        className="m-0 h-dvh max-h-none w-72 max-w-[85vw] border-r border-zinc-200 bg-white p-0 text-zinc-900 backdrop:bg-zinc-950/50 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
      >
        {open ? (
          <div className="flex min-h-full flex-col gap-6 p-4">
            <div className="flex items-center justify-between">
              <p className="px-3 text-xl font-semibold tracking-tight text-teal-800 dark:text-teal-400">Tern</p>
              <button
                type="button"
                onClick={close}
                aria-label="Close menu"
                className="rounded-md p-2 text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-teal-600 dark:text-zinc-300 dark:hover:bg-zinc-800"
              >
                <svg aria-hidden="true" viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round">
                  <path d="M5 5l10 10M15 5L5 15" />
                </svg>
              </button>
            </div>
            {children}
          </div>
        ) : null}
      </dialog>
    </>
  );
}
