import Link from "next/link";
import { listHref } from "@/lib/console/list-href";

/** An endpoint's tags, each a link to the endpoint list filtered by it (keeping the list's other `filters`). */
export function EndpointTags({ tags, filters = {} }: { tags: string[]; filters?: Record<string, string | undefined> }) {
  if (tags.length === 0) return null;
  return (
    <ul aria-label="Tags" className="mt-1 flex flex-wrap gap-1">
      {tags.map((tag) => (
        <li key={tag}>
          <Link
            href={listHref("/endpoints", { ...filters, tag })}
            aria-label={`Endpoints tagged ${tag}`}
            className="inline-flex items-center rounded-full bg-sky-50 px-2 py-0.5 font-mono text-xs text-sky-800 ring-1 ring-sky-600/20 ring-inset hover:underline dark:bg-sky-950 dark:text-sky-200"
          >
            {tag}
          </Link>
        </li>
      ))}
    </ul>
  );
}
