/**
 * A form field holding JSON as text, for z.preprocess: blank becomes `empty`, valid JSON its
 * value, and anything else stays text so the field's schema reports it next to the field.
 */
export function formJson<Empty>(empty: Empty) {
  return (value: unknown): unknown => {
    if (typeof value !== "string" || value.trim() === "") return empty;
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  };
}
