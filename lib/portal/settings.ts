// How the portal looks for a workspace's tenants, and which sites may frame it. The branding is
// not secret (any portal link shows it); the frame origins decide the portal's frame-ancestors.
import { eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db";
import { portalSettings, workspaces } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/roles";
import { idPattern } from "@/lib/ids";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** An origin a browser can send: https, or plain http on this machine only (a local app in development). */
function parseFrameOrigin(line: string): string | undefined {
  let url: URL;
  try {
    url = new URL(line);
  } catch {
    return undefined;
  }
  const secure = url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname));
  // Nothing but scheme, host and port: a path, query or credentials would never match a framing page.
  const bare = line.replace(/\/$/, "").toLowerCase() === url.origin;
  // A host name or address only: no CSP wildcard, nothing a policy would read as syntax.
  const plainHost = /^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/.test(url.hostname);
  return secure && bare && plainHost ? url.origin : undefined;
}

const MAX_FRAME_ORIGINS = 20;

/** One origin a line, as the settings form sends them; blank lines are ignored and duplicates merged. */
const frameOrigins = z
  .union([z.string(), z.array(z.string())])
  .default("")
  .transform((value, ctx) => {
    const lines = (Array.isArray(value) ? value : value.split(/\r?\n/)).map((line) => line.trim()).filter(Boolean);
    const origins: string[] = [];
    for (const line of lines) {
      const origin = parseFrameOrigin(line);
      if (!origin) {
        ctx.addIssue({
          code: "custom",
          message: `"${line.slice(0, 200)}" is not an origin: write the scheme and host (and port, if any) only, e.g. https://app.example.com.`,
        });
        return z.NEVER;
      }
      if (!origins.includes(origin)) origins.push(origin);
    }
    if (origins.length > MAX_FRAME_ORIGINS) {
      ctx.addIssue({ code: "custom", message: `List at most ${MAX_FRAME_ORIGINS} origins.` });
      return z.NEVER;
    }
    return origins;
  });

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

export const portalSettingsInput = z.object({
  productName: z.preprocess(blankToUndefined, z.string().trim().max(100, { error: "Keep the product name to 100 characters." }).optional()),
  logoUrl: z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^https$/, error: "Give an https URL of an image, e.g. https://example.com/logo.svg." })
      .max(2048, { error: "Keep the logo URL to 2048 characters." })
      .optional(),
  ),
  accentColor: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, { error: "Give a colour as #rrggbb, e.g. #0f766e." })
      .transform((colour) => colour.toLowerCase())
      .optional(),
  ),
  theme: z.enum(["light", "dark", "auto"], { error: "Choose light, dark or auto." }).default("auto"),
  frameOrigins,
});
export type PortalSettingsInput = z.output<typeof portalSettingsInput>;

export type PortalBranding = {
  /** The workspace's name unless a product name is set. */
  productName: string;
  logoUrl: string | null;
  accentColor: string | null;
  theme: "light" | "dark" | "auto";
  frameOrigins: string[];
};

/** The portal settings of a workspace, with defaults where none are saved; undefined for a workspace that does not exist. */
export async function getPortalBranding(workspaceId: string): Promise<PortalBranding | undefined> {
  const [row] = await db
    .select({
      workspaceName: workspaces.name,
      productName: portalSettings.productName,
      logoUrl: portalSettings.logoUrl,
      accentColor: portalSettings.accentColor,
      theme: portalSettings.theme,
      frameOrigins: portalSettings.frameOrigins,
    })
    .from(workspaces)
    .leftJoin(portalSettings, eq(portalSettings.workspaceId, workspaces.id))
    .where(eq(workspaces.id, workspaceId))
    .limit(1);
  if (!row) return undefined;
  return {
    productName: row.productName ?? row.workspaceName,
    logoUrl: row.logoUrl,
    accentColor: row.accentColor,
    theme: row.theme ?? "auto",
    frameOrigins: row.frameOrigins ?? [],
  };
}

/** Saves a workspace's portal settings; audited, and the framing cache of this process forgets the old ones. */
export async function updatePortalSettings(workspaceId: string, input: PortalSettingsInput, actor: Actor): Promise<void> {
  const values = {
    productName: input.productName ?? null,
    logoUrl: input.logoUrl ?? null,
    accentColor: input.accentColor ?? null,
    theme: input.theme,
    frameOrigins: input.frameOrigins,
  };
  await db.transaction(async (tx) => {
    await tx
      .insert(portalSettings)
      .values({ workspaceId, ...values })
      .onConflictDoUpdate({ target: portalSettings.workspaceId, set: { ...values, updatedAt: new Date() } });
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: "portal_settings.updated",
      targetType: "workspace",
      targetId: workspaceId,
      details: values,
    });
  });
  framingCache.delete(workspaceId);
}

/** The CSP frame-ancestors sources for a workspace's portal: its allowed origins, or nobody. */
export function frameAncestorsOf(origins: string[]): string[] {
  return origins.length ? origins : ["'none'"];
}

export type PortalFraming = { frameAncestors: string[]; imageSources: string[] };

/** What the portal's Content Security Policy needs from the settings: who may frame it, where its logo comes from. */
export function portalFraming(branding: Pick<PortalBranding, "frameOrigins" | "logoUrl"> | undefined): PortalFraming {
  if (!branding) return { frameAncestors: frameAncestorsOf([]), imageSources: [] };
  return {
    frameAncestors: frameAncestorsOf(branding.frameOrigins),
    imageSources: branding.logoUrl ? [new URL(branding.logoUrl).origin] : [],
  };
}

// Every portal page load asks; a few seconds of staleness after a change in another process is fine.
const FRAMING_CACHE_MS = 5_000;
const framingCache = new Map<string, { framing: PortalFraming; expires: number }>();

/** portalFraming for a workspace id from a URL, cached a few seconds; an unknown or malformed id is framed by nobody. */
export async function cachedPortalFraming(workspaceId: string): Promise<PortalFraming> {
  const cached = framingCache.get(workspaceId);
  if (cached && cached.expires > Date.now()) return cached.framing;
  const framing = idPattern("ws").test(workspaceId) ? portalFraming(await getPortalBranding(workspaceId)) : portalFraming(undefined);
  // Ids from URLs are unbounded: forget everything rather than grow without limit.
  if (framingCache.size > 10_000) framingCache.clear();
  framingCache.set(workspaceId, { framing, expires: Date.now() + FRAMING_CACHE_MS });
  return framing;
}
