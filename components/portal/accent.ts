/** Tern's own teal when a workspace picked no accent colour. */
export const DEFAULT_ACCENT = "#0f766e";

/** Black or white, whichever reads better on a #rrggbb background (WCAG relative luminance). */
function textColorOn(hex: string): "#000000" | "#ffffff" {
  const channel = (offset: number) => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  // Contrast with white is 1.05 / (L + 0.05), with black (L + 0.05) / 0.05: equal at L ≈ 0.179.
  return luminance > 0.179 ? "#000000" : "#ffffff";
}

/** The CSS variables a portal page (or a preview of one) paints its accent with. */
export function accentStyle(accentColor: string | null): React.CSSProperties {
  const accent = accentColor ?? DEFAULT_ACCENT;
  return { "--portal-accent": accent, "--portal-on-accent": textColorOn(accent) } as React.CSSProperties;
}
