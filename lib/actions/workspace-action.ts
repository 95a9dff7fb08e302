// The doors every server action goes through: workspaceAction for the console's changes,
// sessionAction and publicAction for the few actions that act on no workspace.
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import type { MemberRole } from "@/db/schema";
import { hasRole } from "@/lib/auth/roles";
import { type RequestActor, resolveRequestActor } from "@/lib/auth/session";
import { DomainError } from "@/lib/errors";
import { log } from "@/lib/log";
import { findMembershipRole, listUserWorkspaces } from "@/lib/workspaces/workspaces";

type FieldErrors = Record<string, string[]>;
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string; fieldErrors?: FieldErrors; values?: Record<string, string> };

export type WorkspaceActionContext = {
  userId: string;
  workspaceId: string;
  role: MemberRole;
  actor: { type: "user"; id: string };
};

type SessionActionContext = { userId: string };

type ActionConfig<S extends z.ZodType> = { schema: S; role: MemberRole };
type ActionHandler<S extends z.ZodType, Context, T> = (input: z.output<S>, ctx: Context) => Promise<T>;

// Repeated keys (checkbox groups, multi-selects) become arrays; Next's internal $ACTION keys are dropped.
function formDataToObject(formData: FormData): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    if (key.startsWith("$ACTION")) continue;
    const values = formData.getAll(key);
    object[key] = values.length > 1 ? values : values[0];
  }
  return object;
}

// Echoed back so a form that failed keeps what the person typed (never passwords).
function echoValues(input: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(input)
      .filter(([key, value]) => typeof value === "string" && !/password|secret/i.test(key))
      .map(([key, value]) => [key, value as string]),
  );
}

const sessionEnded: ActionResult<never> = { ok: false, error: "Your session has ended. Sign in again." };

// The part every door shares: zod-parsed input → handler, with refusals turned into a result a form shows.
async function parseAndRun<S extends z.ZodType, T>(schema: S, rawInput: unknown, run: (input: z.output<S>) => Promise<T>): Promise<ActionResult<T>> {
  const input = rawInput instanceof FormData ? formDataToObject(rawInput) : rawInput;
  const parsed = schema.safeParse(input);
  const values = input && typeof input === "object" ? echoValues(input as Record<string, unknown>) : undefined;
  if (!parsed.success) {
    return {
      ok: false,
      error: "Please correct the highlighted fields.",
      fieldErrors: z.flattenError(parsed.error).fieldErrors as FieldErrors,
      values,
    };
  }
  try {
    return { ok: true, data: await run(parsed.data) };
  } catch (error) {
    unstable_rethrow(error);
    if (error instanceof DomainError) {
      return { ok: false, error: error.message, fieldErrors: error.field ? { [error.field]: [error.message] } : undefined, values };
    }
    log.error({ err: error }, "Server action failed");
    return { ok: false, error: "Something went wrong on our side. Please try again." };
  }
}

/** The authorisation and validation every workspace action goes through. */
async function runWorkspaceAction<S extends z.ZodType, T>(
  config: ActionConfig<S>,
  handler: ActionHandler<S, WorkspaceActionContext, T>,
  requester: RequestActor,
  rawInput: unknown,
): Promise<ActionResult<T>> {
  const { userId } = requester;
  if (!userId) return sessionEnded;
  // Without an explicit choice the user's first workspace is current, as in the console.
  const workspaceId = requester.workspaceId ?? (await listUserWorkspaces(userId))[0]?.workspaceId;
  const role = workspaceId ? await findMembershipRole(userId, workspaceId) : undefined;
  if (!workspaceId || !role) return { ok: false, error: "You are not a member of this workspace." };
  if (!hasRole(role, config.role)) {
    return { ok: false, error: `Your role (${role}) cannot do this. Ask a workspace ${config.role} or owner.` };
  }
  return parseAndRun(config.schema, rawInput, (input) => handler(input, { userId, workspaceId, role, actor: { type: "user", id: userId } }));
}

/**
 * Defines a server action: session → workspace membership with at least `role` → zod-parsed
 * input → handler. Works with `useActionState` (prev state, FormData) and direct calls.
 */
export function workspaceAction<S extends z.ZodType, T>(config: ActionConfig<S>, handler: ActionHandler<S, WorkspaceActionContext, T>) {
  return async (_previous: ActionResult<T> | null, input: FormData | z.input<S>): Promise<ActionResult<T>> =>
    runWorkspaceAction(config, handler, await resolveRequestActor(), input);
}

/** Defines a server action for a signed-in user that acts on no workspace (switching workspace): session → zod-parsed input → handler. */
export function sessionAction<S extends z.ZodType, T>(schema: S, handler: ActionHandler<S, SessionActionContext, T>) {
  return async (_previous: ActionResult<T> | null, input: FormData | z.input<S>): Promise<ActionResult<T>> => {
    const { userId } = await resolveRequestActor();
    if (!userId) return sessionEnded;
    return parseAndRun(schema, input, (parsed) => handler(parsed, { userId }));
  };
}

/** Defines a server action that needs no session (setup, sign-in, sign-out): zod-parsed input → handler. */
export function publicAction<S extends z.ZodType, T>(schema: S, handler: (input: z.output<S>) => Promise<T>) {
  return async (_previous: ActionResult<T> | null, input: FormData | z.input<S>): Promise<ActionResult<T>> => parseAndRun(schema, input, handler);
}
