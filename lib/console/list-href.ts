/**
 * A console list's URL with these parameters, the empty ones left out: a shared link then carries
 * only what narrows the list (`/deliveries?status=failed`, never `?status=&tenant=`).
 */
export function listHref(path: string, params: Record<string, string | null | undefined>): string {
  const search = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1])));
  return search.size > 0 ? `${path}?${search}` : path;
}
