"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { useResultToast } from "@/components/ui/toaster";

/** After a deletion redirected here: confirms it once, then takes `deleted` out of the URL so a reload does not repeat it. */
export function DeletedTenantToast({ tenantKey }: { tenantKey: string }) {
  const [result] = useState(() => ({ ok: true as const, data: tenantKey }));
  useResultToast(result, (key) => `Tenant ${key} deleted. Its endpoints, events and deliveries are being deleted in the background.`);
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  useEffect(() => {
    const rest = new URLSearchParams(search);
    rest.delete("deleted");
    router.replace(rest.size > 0 ? `${pathname}?${rest}` : pathname, { scroll: false });
  }, [router, pathname, search]);
  return null;
}
