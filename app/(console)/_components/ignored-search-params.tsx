import { Alert } from "@/components/ui/alert";

/** Says which of the URL's parameters a page could not use and left at their defaults. */
export function IgnoredSearchParams({ names }: { names: string[] }) {
  if (names.length === 0) return null;
  return (
    <div className="mb-4">
      <Alert tone="error">
        Ignored {names.join(", ")} in the URL: not {names.length === 1 ? "a value" : "values"} this page can use.
      </Alert>
    </div>
  );
}
