"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";

export type PortalSessionInfo = {
  tenant: { id: string; key: string; name: string };
  readOnly: boolean;
  returnUrl: string | null;
  expiresAt: string;
};

/** A refusal from Tern's API, with its problem+json detail and field errors. */
export class PortalApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
  }
}

type PortalApi = <T>(path: string, init?: { method?: string; body?: unknown }) => Promise<T>;

type PortalContext = {
  workspaceId: string;
  session: PortalSessionInfo;
  api: PortalApi;
};

const Context = createContext<PortalContext | null>(null);

/** The portal session of the page: only inside PortalSessionProvider, once the token was accepted. */
export function usePortal(): PortalContext {
  const context = useContext(Context);
  if (!context) throw new Error("usePortal is used outside the portal's session provider.");
  return context;
}

const storageKey = (workspaceId: string) => `tern-portal-token:${workspaceId}`;

/**
 * The token arrives in the URL fragment, which browsers never send to a server. It is kept in
 * memory and in this tab's sessionStorage (so a reload keeps working), and taken out of the
 * visible URL so it is not copied along with a link or kept in history.
 */
// Where storage is blocked (some third-party frames), the token lives here until the page unloads.
const tokensInMemory = new Map<string, string>();

function takeToken(workspaceId: string): string | undefined {
  const fromHash = /(?:^#|&)token=([^&]+)/.exec(window.location.hash)?.[1];
  if (fromHash) {
    const token = decodeURIComponent(fromHash);
    tokensInMemory.set(workspaceId, token);
    try {
      window.sessionStorage.setItem(storageKey(workspaceId), token);
    } catch {
      // Storage can be blocked in a third-party frame: the token then lives in memory only.
    }
    window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
    return token;
  }
  try {
    return window.sessionStorage.getItem(storageKey(workspaceId)) ?? tokensInMemory.get(workspaceId);
  } catch {
    return tokensInMemory.get(workspaceId);
  }
}

type Problem = { detail?: string; title?: string; errors?: { field?: string; path?: string; message: string }[] };

async function refusal(response: Response): Promise<PortalApiError> {
  const problem = (await response.json().catch(() => ({}))) as Problem;
  const fieldErrors = Object.fromEntries((problem.errors ?? []).map((error) => [error.field ?? error.path ?? "", error.message]));
  return new PortalApiError(response.status, problem.detail ?? problem.title ?? `The request failed (${response.status}).`, fieldErrors);
}

type State = { kind: "loading" } | { kind: "expired" } | { kind: "ready"; token: string; session: PortalSessionInfo };

export function PortalSessionProvider({
  workspaceId,
  expired,
  loading,
  children,
}: {
  workspaceId: string;
  expired: React.ReactNode;
  loading: React.ReactNode;
  children: (session: PortalSessionInfo) => React.ReactNode;
}) {
  const [state, setState] = useState<State>({ kind: "loading" });
  // A new link opened in the same page changes only the fragment, which reloads nothing: take its token then too.
  const [linkVersion, setLinkVersion] = useState(0);
  useEffect(() => {
    const onHashChange = () => {
      if (/(?:^#|&)token=/.test(window.location.hash)) setLinkVersion((version) => version + 1);
    };
    window.addEventListener("hashchange", onHashChange);
    return () => window.removeEventListener("hashchange", onHashChange);
  }, []);

  useEffect(() => {
    // linkVersion is read so that a token arriving in a changed fragment opens its session.
    void linkVersion;
    setState({ kind: "loading" });
    const token = takeToken(workspaceId);
    if (!token) {
      setState({ kind: "expired" });
      return;
    }
    let cancelled = false;
    fetch(`/portal/${workspaceId}/session`, { headers: { authorization: `Bearer ${token}` }, cache: "no-store" })
      .then(async (response) => {
        if (cancelled) return;
        if (!response.ok) return setState({ kind: "expired" });
        setState({ kind: "ready", token, session: (await response.json()) as PortalSessionInfo });
      })
      .catch(() => !cancelled && setState({ kind: "expired" }));
    return () => {
      cancelled = true;
    };
  }, [workspaceId, linkVersion]);

  const token = state.kind === "ready" ? state.token : undefined;
  const api = useCallback<PortalApi>(
    async (path, init = {}) => {
      const response = await fetch(path, {
        method: init.method ?? "GET",
        headers: { authorization: `Bearer ${token}`, ...(init.body === undefined ? {} : { "content-type": "application/json" }) },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        cache: "no-store",
      });
      // The session ended while the page was open: nothing of the tenant's stays on screen.
      if (response.status === 401) {
        tokensInMemory.delete(workspaceId);
        try {
          window.sessionStorage.removeItem(storageKey(workspaceId));
        } catch {
          // Nothing stored, nothing to forget.
        }
        setState({ kind: "expired" });
      }
      if (!response.ok) throw await refusal(response);
      return (response.status === 204 ? undefined : await response.json()) as never;
    },
    [token, workspaceId],
  );

  const value = useMemo(() => (state.kind === "ready" ? { workspaceId, session: state.session, api } : null), [state, workspaceId, api]);
  if (state.kind === "loading") return loading;
  if (state.kind === "expired" || !value) return expired;
  return <Context.Provider value={value}>{children(value.session)}</Context.Provider>;
}

/** A GET through the portal's API that reloads when `path` changes or `reload()` is called. */
export function usePortalQuery<T>(path: string | null) {
  const { api } = usePortal();
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<PortalApiError | undefined>(undefined);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let cancelled = false;
    setError(undefined);
    // version is read so that reload() refetches the same path.
    void version;
    api<T>(path)
      .then((result) => !cancelled && setData(result))
      .catch((caught: unknown) => {
        if (cancelled) return;
        setError(caught instanceof PortalApiError ? caught : new PortalApiError(0, "Tern could not be reached. Check your connection and try again."));
      });
    return () => {
      cancelled = true;
    };
  }, [api, path, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, loading: data === undefined && error === undefined, reload };
}
