import { and, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "@/db";
import { auditLog } from "@/db/schema";
import { cachedPortalFraming, frameAncestorsOf, getPortalBranding, portalFraming, portalSettingsInput, updatePortalSettings } from "@/lib/portal/settings";
import { proxy } from "@/proxy";
import { createOwnedWorkspace } from "@/test/fixtures";

const system = { type: "system", id: null } as const;

function fieldErrors(input: Record<string, unknown>) {
  const parsed = portalSettingsInput.safeParse(input);
  return parsed.success ? {} : z.flattenError(parsed.error).fieldErrors;
}

async function portalPolicy(workspaceId: string): Promise<string> {
  const response = await proxy(new NextRequest(`http://localhost:3000/portal/${workspaceId}`));
  return response!.headers.get("content-security-policy")!;
}

describe("portal settings input", () => {
  it("takes one origin a line, trimmed, merged and normalised, ignoring blank lines", () => {
    const parsed = portalSettingsInput.parse({
      frameOrigins: " https://App.example.com \n\nhttps://app.example.com/\r\nhttp://localhost:5173\nhttp://127.0.0.1:4000\nhttps://a.example.com:8443",
    });
    expect(parsed.frameOrigins).toEqual(["https://app.example.com", "http://localhost:5173", "http://127.0.0.1:4000", "https://a.example.com:8443"]);
    expect(portalSettingsInput.parse({}).frameOrigins).toEqual([]);
  });

  it("refuses anything that is not a bare origin, and plain http beyond this machine", () => {
    for (const line of [
      "app.example.com",
      "https://app.example.com/embed",
      "https://app.example.com?x=1",
      "https://user:pw@app.example.com",
      "http://app.example.com",
      "javascript:alert(1)",
      "https://*.example.com",
      "'none'",
      "https://a.example.com; script-src *",
    ]) {
      expect(fieldErrors({ frameOrigins: line }).frameOrigins, line).toHaveLength(1);
    }
    expect(fieldErrors({ frameOrigins: Array.from({ length: 21 }, (_, i) => `https://a${i}.example.com`).join("\n") }).frameOrigins).toEqual([
      "List at most 20 origins.",
    ]);
  });

  it("takes a #rrggbb colour (lower-cased), an https logo URL, a theme, and blanks as unset", () => {
    expect(portalSettingsInput.parse({ accentColor: "#0F766E", logoUrl: "https://cdn.example.com/logo.svg", theme: "dark", productName: " Acme " })).toEqual({
      accentColor: "#0f766e",
      logoUrl: "https://cdn.example.com/logo.svg",
      theme: "dark",
      productName: "Acme",
      frameOrigins: [],
    });
    expect(portalSettingsInput.parse({ accentColor: "", logoUrl: " ", productName: "" })).toEqual({ theme: "auto", frameOrigins: [] });
    for (const accentColor of ["0f766e", "#0f766", "#0f766eff", "teal", "#ggg000"])
      expect(fieldErrors({ accentColor }).accentColor, accentColor).toHaveLength(1);
    for (const logoUrl of ["http://cdn.example.com/logo.svg", "data:image/png;base64,AAAA", "javascript:alert(1)", "logo.svg"]) {
      expect(fieldErrors({ logoUrl }).logoUrl, logoUrl).toHaveLength(1);
    }
    expect(fieldErrors({ theme: "blue" }).theme).toHaveLength(1);
    expect(fieldErrors({ productName: "x".repeat(101) }).productName).toHaveLength(1);
  });
});

describe("portal framing", () => {
  it("allows the listed origins, or nobody, and the logo's origin for images", () => {
    expect(frameAncestorsOf([])).toEqual(["'none'"]);
    expect(frameAncestorsOf(["https://app.example.com", "http://localhost:5173"])).toEqual(["https://app.example.com", "http://localhost:5173"]);
    expect(portalFraming({ frameOrigins: ["https://app.example.com"], logoUrl: "https://cdn.example.com/a/logo.svg?v=2" })).toEqual({
      frameAncestors: ["https://app.example.com"],
      imageSources: ["https://cdn.example.com"],
    });
    expect(portalFraming(undefined)).toEqual({ frameAncestors: ["'none'"], imageSources: [] });
  });

  it("puts a workspace's saved origins in its portal pages' CSP, nobody by default, and keeps the console unframeable", async () => {
    const { workspace } = await createOwnedWorkspace("Framing");
    expect(await getPortalBranding(workspace.id)).toEqual({ productName: "Framing", logoUrl: null, accentColor: null, theme: "auto", frameOrigins: [] });
    expect(await portalPolicy(workspace.id)).toContain("frame-ancestors 'none'");

    const input = portalSettingsInput.parse({
      productName: "Acme Webhooks",
      logoUrl: "https://cdn.example.com/logo.png",
      accentColor: "#aa3300",
      theme: "light",
      frameOrigins: "https://app.example.com\nhttp://127.0.0.1:4173",
    });
    await updatePortalSettings(workspace.id, input, system);
    expect(await getPortalBranding(workspace.id)).toEqual({
      productName: "Acme Webhooks",
      logoUrl: "https://cdn.example.com/logo.png",
      accentColor: "#aa3300",
      theme: "light",
      frameOrigins: ["https://app.example.com", "http://127.0.0.1:4173"],
    });
    const policy = await portalPolicy(workspace.id);
    expect(policy).toContain("frame-ancestors https://app.example.com http://127.0.0.1:4173");
    expect(policy).toContain("img-src 'self' data: blob: https://cdn.example.com");
    expect(await portalPolicy(`${workspace.id}/endpoints/ep_x`)).toContain("frame-ancestors https://app.example.com http://127.0.0.1:4173");

    const consolePolicy = (await proxy(new NextRequest("http://localhost:3000/dashboard")))!.headers.get("content-security-policy")!;
    expect(consolePolicy).toContain("frame-ancestors 'none'");
    expect(consolePolicy).toContain("img-src 'self' data: blob:;");

    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, workspace.id), eq(auditLog.action, "portal_settings.updated")));
    expect(audit).toHaveLength(1);
  });

  it("frames an unknown or malformed workspace's portal by nobody", async () => {
    expect(await cachedPortalFraming("ws_00000000000000000000000000")).toEqual({ frameAncestors: ["'none'"], imageSources: [] });
    expect(await cachedPortalFraming("not-a-workspace")).toEqual({ frameAncestors: ["'none'"], imageSources: [] });
    expect(await portalPolicy("%20")).toContain("frame-ancestors 'none'");
  });
});
