"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { inputClass } from "@/components/ui/field";
import type { ActionResult } from "@/lib/actions/workspace-action";
import type { TenantLabel } from "@/lib/tenants/labels";

/** The server action behind the picker: tenants whose key or name starts with `search`, a handful at a time. */
export type SearchTenants = (previous: null, input: { search: string }) => Promise<ActionResult<TenantLabel[]>>;

const SEARCH_DELAY_MS = 250;

const shownAs = (tenant: TenantLabel | undefined) => (!tenant ? "" : tenant.name === tenant.key ? tenant.key : `${tenant.name} (${tenant.key})`);

type PickerProps = {
  searchTenants: SearchTenants;
  selected?: TenantLabel;
  /** Called with the tenant chosen, or undefined when the first option (`clearLabel`) is. */
  onSelect?: (tenant: TenantLabel | undefined) => void;
  /** The form field that carries the chosen tenant's id; absent while none is chosen. */
  name?: string;
  label?: string;
  visibleLabel?: boolean;
  clearLabel: string;
  hint?: string;
  errors?: string[];
};

/**
 * A searchable tenant picker (the ARIA combobox pattern with a listbox popup): typing searches
 * tenants by the start of their key or name on the server, arrows move through the choices,
 * Enter picks one, Escape closes and restores the current choice. There can be 100,000 tenants,
 * so it never lists them all.
 */
export function TenantPicker({ searchTenants, selected, onSelect, name, label = "Tenant", visibleLabel = true, clearLabel, hint, errors }: PickerProps) {
  const id = useId();
  const inputId = `${id}-input`;
  const listId = `${id}-list`;
  const optionId = (index: number) => `${id}-option-${index}`;
  const [chosen, setChosen] = useState(selected);
  const [text, setText] = useState(shownAs(selected));
  // A new `selected` (the URL changed, e.g. going back) replaces the choice; the input keeps its focus.
  const [shownSelected, setShownSelected] = useState(selected?.id);
  if (selected?.id !== shownSelected) {
    setShownSelected(selected?.id);
    setChosen(selected);
    setText(shownAs(selected));
  }
  const input = useRef<HTMLInputElement>(null);
  const [editing, setEditing] = useState(false);
  const [open, setOpen] = useState(false);
  const [results, setResults] = useState<TenantLabel[]>([]);
  const [searching, setSearching] = useState(false);
  const [problem, setProblem] = useState<string>();
  // 0 is the clearing option, 1… the results; -1 is none.
  const [active, setActive] = useState(-1);
  const latestSearch = useRef(0);
  const query = editing ? text.trim() : "";

  useEffect(() => {
    if (!open) return;
    const request = ++latestSearch.current;
    setSearching(true);
    const timer = setTimeout(async () => {
      const result = await searchTenants(null, { search: query }).catch(() => ({ ok: false, error: "Tenants could not be loaded. Try again." }) as const);
      // An answer to an earlier keystroke is overtaken by the later one.
      if (request !== latestSearch.current) return;
      setSearching(false);
      setResults(result.ok ? result.data : []);
      setProblem(result.ok ? undefined : result.error);
      setActive(result.ok && result.data.length > 0 && query ? 1 : 0);
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [open, query, searchTenants]);

  // After a pick the input keeps the focus with its text selected, so typing starts a new search.
  useEffect(() => {
    if (chosen !== undefined && document.activeElement === input.current) input.current?.select();
  }, [chosen]);

  useEffect(() => {
    if (open && active >= 0) document.getElementById(`${id}-option-${active}`)?.scrollIntoView({ block: "nearest" });
  }, [open, active, id]);

  const options: (TenantLabel | undefined)[] = [undefined, ...results];

  function close() {
    setOpen(false);
    setEditing(false);
    setActive(-1);
    setText(shownAs(chosen));
  }

  function choose(tenant: TenantLabel | undefined) {
    setChosen(tenant);
    setText(shownAs(tenant));
    setEditing(false);
    setOpen(false);
    setActive(-1);
    onSelect?.(tenant);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open) {
        setOpen(true);
        setActive(0);
      } else {
        setActive((index) => Math.max(0, Math.min(options.length - 1, index + (event.key === "ArrowDown" ? 1 : -1))));
      }
    } else if (event.key === "Enter" && open) {
      // Picks the highlighted choice instead of submitting the form around the picker.
      event.preventDefault();
      if (active >= 0 && active < options.length) choose(options[active]);
    } else if (event.key === "Escape" && (open || editing)) {
      event.preventDefault();
      close();
    } else if (event.key === "Tab" && open) {
      close();
    }
  }

  const status = searching
    ? "Searching…"
    : (problem ??
      (results.length > 0
        ? `${results.length} tenant${results.length === 1 ? "" : "s"}${query ? ` starting with "${query}"` : ", newest first"}.`
        : query
          ? `No tenant's key or name starts with "${query}".`
          : "No tenants yet."));
  const describedBy = errors?.length ? `${id}-error` : hint ? `${id}-hint` : undefined;

  return (
    <div className="space-y-1 text-sm">
      <label htmlFor={inputId} className={visibleLabel ? "block font-medium text-zinc-800 dark:text-zinc-200" : "sr-only"}>
        {label}
      </label>
      <div className="relative">
        <input
          ref={input}
          id={inputId}
          type="text"
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && active >= 0 ? optionId(active) : undefined}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={describedBy}
          autoComplete="off"
          spellCheck={false}
          placeholder={clearLabel}
          className={`${inputClass} ${chosen ? "pr-9" : ""}`}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setEditing(true);
            setOpen(true);
            // Until the answer for the new text arrives, Enter has nothing to pick.
            setActive(-1);
          }}
          onClick={() => setOpen(true)}
          onFocus={(event) => event.target.select()}
          onBlur={close}
          onKeyDown={onKeyDown}
        />
        {chosen ? (
          <button
            type="button"
            aria-label={`Clear ${label.toLowerCase()}`}
            className="absolute inset-y-0 right-0 px-3 text-zinc-500 hover:text-zinc-900 dark:hover:text-zinc-100"
            onClick={() => choose(undefined)}
          >
            <span aria-hidden="true">×</span>
          </button>
        ) : null}
        <div
          hidden={!open}
          className="absolute z-20 mt-1 w-full min-w-64 rounded-md border border-zinc-200 bg-white shadow-md dark:border-zinc-700 dark:bg-zinc-900"
        >
          <div id={listId} role="listbox" aria-label={`${label} choices`} className="max-h-72 overflow-auto py-1">
            {options.map((tenant, index) => (
              // biome-ignore lint/a11y/useKeyWithClickEvents: the keys act on the input, which points at the highlighted option (aria-activedescendant)
              <div
                key={tenant?.id ?? ""}
                id={optionId(index)}
                role="option"
                aria-selected={index === active}
                tabIndex={-1}
                // Keeps the focus in the input, so a click picks before the blur closes the list.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => choose(tenant)}
                onMouseMove={() => setActive(index)}
                className={`flex cursor-pointer items-baseline gap-2 px-3 py-1.5 ${index === active ? "bg-teal-50 dark:bg-teal-950" : ""}`}
              >
                {tenant ? (
                  <>
                    <span className="font-mono text-xs">{tenant.key}</span>
                    {tenant.name !== tenant.key ? <span className="truncate text-zinc-600 dark:text-zinc-400">{tenant.name}</span> : null}
                    {tenant.id === chosen?.id ? <span className="ml-auto text-teal-700 dark:text-teal-300">(chosen)</span> : null}
                  </>
                ) : (
                  <span className="text-zinc-600 dark:text-zinc-400">{clearLabel}</span>
                )}
              </div>
            ))}
          </div>
          <p aria-hidden="true" className="border-t border-zinc-100 px-3 py-1.5 text-xs text-zinc-500 dark:border-zinc-800">
            {status}
          </p>
        </div>
      </div>
      <p aria-live="polite" className="sr-only">
        {open ? status : ""}
      </p>
      {name && chosen ? <input type="hidden" name={name} value={chosen.id} /> : null}
      {hint && !errors?.length ? (
        <p id={`${id}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p id={`${id}-error`} className="text-xs text-red-700 dark:text-red-400">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The tenant filter of a console list: picking a tenant puts `tenant=<id>` in the URL (back to the
 * first page), "All tenants" takes it out. It also carries the tenant in the page's filter form.
 */
export function TenantFilter({
  searchTenants,
  selected,
  visibleLabel = true,
}: {
  searchTenants: SearchTenants;
  selected?: TenantLabel;
  visibleLabel?: boolean;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  function show(tenant: TenantLabel | undefined) {
    const next = new URLSearchParams(params);
    next.delete("cursor");
    next.delete("tenant");
    if (tenant) next.set("tenant", tenant.id);
    for (const [key, value] of [...next]) if (value === "") next.delete(key);
    const search = next.toString();
    router.push(search ? `${pathname}?${search}` : pathname);
  }
  return <TenantPicker searchTenants={searchTenants} selected={selected} onSelect={show} name="tenant" visibleLabel={visibleLabel} clearLabel="All tenants" />;
}
