/** The first thing a keyboard reaches: jumps past the navigation to the page's main region (`<main id={target}>`). */
export function SkipLink({ target = "main" }: { target?: string }) {
  return (
    <a
      href={`#${target}`}
      className="sr-only focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-50 focus:rounded-md focus:bg-white focus:px-4 focus:py-2 focus:text-sm focus:font-medium focus:text-teal-900 focus:shadow-lg focus:outline-2 focus:outline-teal-600 dark:focus:bg-zinc-900 dark:focus:text-teal-100"
    >
      Skip to content
    </a>
  );
}
