import type { Metadata } from "next";
import { NotFoundMessage } from "@/components/ui/not-found-message";
import { SkipLink } from "@/components/ui/skip-link";
import { currentSessionUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Page not found" };

/** Addresses no route answers, and records not found outside the console (the console has its own, beside its navigation). */
export default async function NotFound() {
  const signedIn = (await currentSessionUser()) !== undefined;
  return (
    <>
      <SkipLink />
      <main id="main" tabIndex={-1} className="flex min-h-screen items-center justify-center px-4 py-12 focus:outline-none">
        <div className="w-full max-w-md">
          <p className="mb-8 text-2xl font-semibold tracking-tight text-teal-800 dark:text-teal-400">Tern</p>
          <NotFoundMessage back={signedIn ? { href: "/dashboard", label: "Go to the dashboard" } : { href: "/sign-in", label: "Sign in" }} />
        </div>
      </main>
    </>
  );
}
