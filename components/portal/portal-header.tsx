/** The portal's header in a workspace's branding: shared by the portal itself and the settings preview. */
export function PortalHeader({
  productName,
  logoUrl,
  returnUrl,
  children,
}: {
  productName: string;
  logoUrl: string | null;
  returnUrl?: string | null;
  children?: React.ReactNode;
}) {
  return (
    <header className="border-b-4 border-[var(--portal-accent)] bg-white dark:bg-zinc-900">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-3 px-4 py-3">
        {logoUrl ? (
          // The operator's logo comes from its own origin; next/image would proxy it through Tern.
          // biome-ignore lint/performance/noImgElement: see above
          <img src={logoUrl} alt="" className="h-8 w-auto max-w-32 object-contain" />
        ) : null}
        <p className="text-base font-semibold text-zinc-900 dark:text-zinc-100">
          {productName} <span className="font-normal text-zinc-600 dark:text-zinc-400">webhooks</span>
        </p>
        <div className="ml-auto flex items-center gap-3 text-sm">
          {children}
          {returnUrl ? (
            <a
              href={returnUrl}
              target="_top"
              className="rounded-md px-2 py-1 font-medium text-zinc-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-[var(--portal-accent)] dark:text-zinc-300"
            >
              ← Back to {productName}
            </a>
          ) : null}
        </div>
      </div>
    </header>
  );
}
