import { AuthError } from "next-auth";
import { signIn } from "@/lib/auth/next-auth";
import { DomainError } from "@/lib/errors";

/** Signs in and redirects to `redirectTo`; a refusal becomes a DomainError the form shows. */
export async function signInWithPassword(email: string, password: string, redirectTo = "/dashboard"): Promise<void> {
  try {
    await signIn("credentials", { email, password, redirectTo });
  } catch (error) {
    // signIn redirects by throwing; only authentication failures are ours to report.
    if (!(error instanceof AuthError)) throw error;
    if ("code" in error && error.code === "rate_limited") {
      throw new DomainError("rate_limited", "Too many failed attempts. Wait 15 minutes, then try again.");
    }
    if ("code" in error && error.code === "busy") {
      throw new DomainError("rate_limited", "Too many sign-ins are being checked right now. Try again in a few seconds.");
    }
    throw new DomainError("invalid", "That email and password do not match an account.");
  }
}
