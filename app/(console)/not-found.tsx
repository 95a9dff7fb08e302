import { NotFoundMessage } from "@/components/ui/not-found-message";

/** A console page whose record does not exist, or is another workspace's: shown beside the navigation. */
export default function ConsoleNotFound() {
  return (
    <div className="max-w-lg py-8">
      <NotFoundMessage back={{ href: "/dashboard", label: "Go to the dashboard" }}>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          If someone shared this link, it may be of another workspace: pick that one under Workspace in the menu, then open the link again.
        </p>
      </NotFoundMessage>
    </div>
  );
}
