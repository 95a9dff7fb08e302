import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PortalShell } from "@/components/portal/portal-shell";
import { getPortalBranding } from "@/lib/portal/settings";

type Props = { params: Promise<{ workspaceId: string }>; children: React.ReactNode };

// The branding is the same for every tenant of the workspace and holds nothing secret; what the
// tenant sees comes from the API, with the token the page reads from its URL fragment.
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const branding = await getPortalBranding((await params).workspaceId).catch(() => undefined);
  return { title: { absolute: `Webhooks · ${branding?.productName ?? "Portal"}` }, robots: { index: false } };
}

export default async function PortalLayout({ params, children }: Props) {
  const { workspaceId } = await params;
  const branding = await getPortalBranding(workspaceId);
  if (!branding) notFound();
  const { frameOrigins: _framedBy, ...shown } = branding;
  return (
    <PortalShell workspaceId={workspaceId} branding={shown}>
      {children}
    </PortalShell>
  );
}
