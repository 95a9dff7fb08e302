import { authenticatePortalToken } from "@/lib/portal/sessions";

// The portal page asks who its token opens before it shows anything: the tenant, whether it may
// change things, and where its back link leads. Only the bearer token is trusted, never the path.
export async function GET(request: Request, { params }: { params: Promise<{ workspaceId: string }> }): Promise<Response> {
  const { workspaceId } = await params;
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  const access = token ? await authenticatePortalToken(workspaceId, token) : undefined;
  const headers = { "cache-control": "no-store" };
  if (!access) {
    return Response.json(
      { type: "about:blank", title: "Unauthorized", status: 401, detail: "This portal link has expired or was revoked." },
      { status: 401, headers: { ...headers, "content-type": "application/problem+json", "www-authenticate": "Bearer" } },
    );
  }
  return Response.json(
    {
      tenant: { id: access.tenantId, key: access.tenantKey, name: access.tenantName },
      readOnly: access.readOnly,
      returnUrl: access.returnUrl,
      expiresAt: access.expiresAt,
    },
    { headers },
  );
}
