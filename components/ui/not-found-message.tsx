import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

/** What a 404 says: that nothing is here, the likely reasons, and one way back. */
export function NotFoundMessage({ back, children }: { back: { href: string; label: string }; children?: React.ReactNode }) {
  return (
    <div>
      <p className="text-sm font-semibold text-teal-800 tabular-nums dark:text-teal-300">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">Page not found</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">This page could not be found. Its address may be mistyped, or what it showed was deleted.</p>
      {children}
      <Link href={back.href} className={buttonClass("primary", "mt-6")}>
        {back.label}
      </Link>
    </div>
  );
}
