"use client";

import { type KeyboardEvent, useId, useRef, useState } from "react";

type Tab = { id: string; label: string; content: React.ReactNode };

/**
 * Tabs in the ARIA pattern: one tab stop, arrow keys (and Home, End) move between tabs and
 * select them; panels not selected stay in the page, hidden.
 */
export function Tabs({ label, tabs }: { label: string; tabs: Tab[] }) {
  const id = useId();
  const [selected, setSelected] = useState(tabs[0]?.id);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = tabs.findIndex((tab) => tab.id === selected);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const wrapped = (next + tabs.length) % tabs.length;
    setSelected(tabs[wrapped]!.id);
    buttons.current[wrapped]?.focus();
  }

  return (
    <div>
      <div role="tablist" aria-label={label} onKeyDown={onKeyDown} className="flex gap-1 border-b border-zinc-200 dark:border-zinc-800">
        {tabs.map((tab, index) => {
          const active = tab.id === selected;
          return (
            <button
              key={tab.id}
              ref={(button) => {
                buttons.current[index] = button;
              }}
              type="button"
              role="tab"
              id={`${id}-${tab.id}-tab`}
              aria-selected={active}
              aria-controls={`${id}-${tab.id}-panel`}
              tabIndex={active ? 0 : -1}
              onClick={() => setSelected(tab.id)}
              className={`-mb-px border-b-2 px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-teal-600 ${
                active
                  ? "border-teal-700 text-teal-900 dark:border-teal-400 dark:text-teal-100"
                  : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
              }`}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      {tabs.map((tab) => (
        <div key={tab.id} role="tabpanel" id={`${id}-${tab.id}-panel`} aria-labelledby={`${id}-${tab.id}-tab`} hidden={tab.id !== selected} className="pt-3">
          {tab.content}
        </div>
      ))}
    </div>
  );
}
