"use client";

import { usePathname, useRouter } from "next/navigation";
import type { FormEvent } from "react";

/**
 * A console list's GET filter form that leaves empty fields out of the URL, so "Any status" and an
 * empty search give `/deliveries?tenant=…`, not `?status=&eventType=&tenant=…`. It opens the list's
 * first page; without JavaScript the browser submits it as a plain GET form.
 */
export function FilterForm({ label, className, children }: { label: string; className?: string; children: React.ReactNode }) {
  const router = useRouter();
  const pathname = usePathname();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(event.currentTarget)) {
      if (typeof value === "string" && value.trim() !== "") params.append(name, value.trim());
    }
    router.push(params.size > 0 ? `${pathname}?${params}` : pathname);
  }
  return (
    // biome-ignore lint/a11y/useSemanticElements: a GET form with the search landmark role; the <search> element is not yet in React's types
    <form method="get" role="search" aria-label={label} className={className} onSubmit={submit}>
      {children}
    </form>
  );
}
