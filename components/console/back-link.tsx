import Link from "next/link";

/** The "← Section" link at the top of a detail page. */
export function BackLink({ href, children }: { href: string; children: React.ReactNode }) {
  return (
    <Link href={href} className="text-sm text-teal-800 hover:underline dark:text-teal-300">
      ← {children}
    </Link>
  );
}
