import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

type PagerProps = {
  /** What the list holds, for the navigation's name: "deliveries". */
  noun: string;
  /** The first page, when this is not it. */
  firstHref?: string;
  /** The page before this one, when there is one. */
  previousHref?: string;
  /** The page after this one, when there is one. */
  nextHref?: string;
  /** Which way the list runs: its first page holds the newest rows, or the oldest. */
  order?: "newest" | "oldest";
};

/** Paging both ways through a keyset-paged list: back to the first page, the page before, the page after. */
export function Pager({ noun, firstHref, previousHref, nextHref, order = "newest" }: PagerProps) {
  if (!firstHref && !previousHref && !nextHref) return null;
  const [first, before, after] = order === "newest" ? ["Newest", "Newer", "Older"] : ["Oldest", "Older", "Newer"];
  return (
    <nav aria-label={`Pages of ${noun}`} className="mt-4 flex flex-wrap items-center gap-2">
      {firstHref && firstHref !== previousHref ? (
        <Link href={firstHref} className={buttonClass("ghost")}>
          <span aria-hidden="true">«</span> {first}
        </Link>
      ) : null}
      {previousHref ? (
        <Link href={previousHref} rel="prev" className={buttonClass("secondary")}>
          <span aria-hidden="true">←</span> {before}
        </Link>
      ) : null}
      {nextHref ? (
        <Link href={nextHref} rel="next" className={buttonClass("secondary")}>
          {after} <span aria-hidden="true">→</span>
        </Link>
      ) : null}
    </nav>
  );
}
