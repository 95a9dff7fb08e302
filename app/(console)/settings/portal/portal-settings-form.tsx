"use client";

import { useActionState, useState } from "react";
import { accentStyle, DEFAULT_ACCENT } from "@/components/portal/accent";
import { PortalHeader } from "@/components/portal/portal-header";
import { Alert } from "@/components/ui/alert";
import { inputClass, SelectField, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useResultToast } from "@/components/ui/toaster";
import type { PortalBranding } from "@/lib/portal/settings";
import { updatePortalSettingsAction } from "./actions";

type Props = { branding: PortalBranding; workspaceName: string; readOnly: boolean };

const COLOUR = /^#[0-9a-fA-F]{6}$/;

export function PortalSettingsForm({ branding, workspaceName, readOnly }: Props) {
  const [state, formAction] = useActionState(updatePortalSettingsAction, null);
  const failed = state && !state.ok ? state : undefined;
  useResultToast(state, () => "Portal settings saved.");
  const errors = (name: string) => failed?.fieldErrors?.[name];
  const [productName, setProductName] = useState(failed?.values?.productName ?? (branding.productName === workspaceName ? "" : branding.productName));
  const [logoUrl, setLogoUrl] = useState(failed?.values?.logoUrl ?? branding.logoUrl ?? "");
  const [accentColor, setAccentColor] = useState(failed?.values?.accentColor ?? branding.accentColor ?? "");
  const [theme, setTheme] = useState(failed?.values?.theme ?? branding.theme);
  const accent = COLOUR.test(accentColor) ? accentColor.toLowerCase() : null;
  const originErrors = errors("frameOrigins");
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <form action={formAction} className="space-y-4" noValidate>
        {failed ? <Alert tone="error">{failed.error}</Alert> : null}
        <fieldset disabled={readOnly} className="space-y-4">
          <TextField
            label="Product name"
            name="productName"
            value={productName}
            onChange={(event) => setProductName(event.target.value)}
            placeholder={workspaceName}
            errors={errors("productName")}
            hint="Shown in the portal's header and its messages; the workspace's name when left empty."
          />
          <TextField
            label="Logo URL"
            name="logoUrl"
            type="url"
            value={logoUrl}
            onChange={(event) => setLogoUrl(event.target.value)}
            placeholder="https://example.com/logo.svg"
            errors={errors("logoUrl")}
            hint="An https image, shown at 32 px high."
          />
          <div className="flex items-end gap-2">
            <div className="flex-1">
              <TextField
                label="Accent colour"
                name="accentColor"
                value={accentColor}
                onChange={(event) => setAccentColor(event.target.value)}
                placeholder={DEFAULT_ACCENT}
                className={`${inputClass} font-mono`}
                errors={errors("accentColor")}
                hint="#rrggbb; Tern's teal when left empty."
              />
            </div>
            <input
              type="color"
              aria-label="Pick the accent colour"
              value={accent ?? DEFAULT_ACCENT}
              onChange={(event) => setAccentColor(event.target.value)}
              className="mb-6 h-9 w-12 cursor-pointer rounded-md border border-zinc-300 bg-white dark:border-zinc-700 dark:bg-zinc-900"
            />
          </div>
          <SelectField
            label="Theme"
            name="theme"
            value={theme}
            onChange={(event) => setTheme(event.target.value as PortalBranding["theme"])}
            errors={errors("theme")}
            hint="Auto follows the viewer's system setting."
          >
            <option value="auto">Auto</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </SelectField>
          <div className="space-y-1">
            <label htmlFor="frameOrigins" className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
              Allowed frame origins
            </label>
            <textarea
              id="frameOrigins"
              name="frameOrigins"
              rows={4}
              defaultValue={failed?.values?.frameOrigins ?? branding.frameOrigins.join("\n")}
              placeholder="https://app.example.com"
              className={`${inputClass} font-mono`}
              aria-invalid={originErrors?.length ? true : undefined}
              aria-describedby={originErrors?.length ? "frameOrigins-error" : "frameOrigins-hint"}
            />
            {originErrors?.length ? (
              <p id="frameOrigins-error" className="text-xs text-red-700 dark:text-red-400">
                {originErrors.join(" ")}
              </p>
            ) : (
              <p id="frameOrigins-hint" className="text-xs text-zinc-500 dark:text-zinc-400">
                One origin a line (scheme, host and port only), e.g. https://app.example.com. Only these sites can show the portal in an iframe; with none, no
                site can.
              </p>
            )}
          </div>
        </fieldset>
        {readOnly ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Only admins and owners can change these settings.</p>
        ) : (
          <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
        )}
      </form>
      <PortalPreview
        productName={productName.trim() || workspaceName}
        logoUrl={logoUrl.startsWith("https://") ? logoUrl : null}
        accent={accent}
        theme={theme}
      />
    </div>
  );
}

/** A small mock of the portal in the chosen branding and theme, updated as the form changes. */
function PortalPreview({ productName, logoUrl, accent, theme }: { productName: string; logoUrl: string | null; accent: string | null; theme: string }) {
  return (
    <figure className="space-y-2">
      <figcaption className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Preview</figcaption>
      <div
        data-testid="portal-preview"
        style={accentStyle(accent)}
        className={`${theme === "auto" ? "" : `theme-${theme}`} overflow-hidden rounded-lg border border-zinc-200 bg-zinc-50 text-zinc-900 dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-100`}
      >
        <PortalHeader productName={productName} logoUrl={logoUrl} />
        <div className="space-y-3 p-4">
          <div className="rounded-md border border-zinc-200 bg-white p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900">
            <p className="font-medium">https://example.com/webhooks</p>
            <p className="text-xs text-zinc-600 dark:text-zinc-400">invoice.paid, invoice.failed</p>
          </div>
          <span className="inline-block rounded-md bg-[var(--portal-accent)] px-3 py-1.5 text-sm font-medium text-[var(--portal-on-accent)]">Add endpoint</span>
        </div>
      </div>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">The accent colours the header's rule and the main buttons.</p>
    </figure>
  );
}
