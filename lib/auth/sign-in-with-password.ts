import { cookies } from "next/headers";
import { AuthError } from "next-auth";
import { signInWithCredentials } from "@/lib/auth/next-auth";
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_SECONDS, deviceCookieAfterSignIn } from "@/lib/auth/sign-in-limit";
import { setting } from "@/lib/config/settings";
import { DomainError } from "@/lib/errors";

/** Signs in and redirects to `redirectTo`; a refusal becomes a DomainError the form shows. */
export async function signInWithPassword(email: string, password: string, redirectTo = "/dashboard"): Promise<void> {
  try {
    await signInWithCredentials({ email, password, redirectTo }, rememberDevice);
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

/** Gives this browser proof that it signed in as `email`, so failures elsewhere do not lock it out of that account. */
async function rememberDevice(email: string): Promise<void> {
  const jar = await cookies();
  const value = deviceCookieAfterSignIn(jar.get(DEVICE_COOKIE)?.value, email);
  if (!value) return;
  jar.set(DEVICE_COOKIE, value, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS,
    secure: process.env.NODE_ENV === "production" && setting("AUTH_URL")?.startsWith("https:"),
  });
}
