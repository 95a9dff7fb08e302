import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { clientAddress } from "@/lib/auth/client-address";
import { hashPassword, takePasswordCheck, verifyPassword } from "@/lib/auth/password";
import { clearSignInFailures, isKnownDevice, isSignInLocked, recordSignInFailure } from "@/lib/auth/sign-in-limit";
import { setting } from "@/lib/config/settings";
import { log } from "@/lib/log";
import { findUserByEmail } from "@/lib/users/users";

declare module "next-auth" {
  interface User {
    sessionVersion?: number;
  }
  interface Session {
    sessionVersion?: number;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    sessionVersion?: number;
  }
}

/** Raised when an email has failed too often, from this address or from all; the sign-in form says so. */
class SignInRateLimited extends CredentialsSignin {
  code = "rate_limited";
}

/** Raised when this process has checked as many passwords as it may for now. */
class SignInBusy extends CredentialsSignin {
  code = "busy";
}

const credentialsSchema = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) });

let dummyHash: Promise<string> | undefined;
function unknownUserHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  return dummyHash;
}

// signIn throws a redirect when it signs in, and also when Auth.js turns the request away before
// any password is checked (a malformed callback-url cookie does that): authorize notes here whose
// password it accepted, for the server action that called signIn.
const passwordSignIns = new AsyncLocalStorage<{ acceptedEmail?: string }>();

const nextAuth = NextAuth({
  secret: setting("AUTH_SECRET"),
  trustHost: true,
  session: { strategy: "jwt", maxAge: 7 * 24 * 60 * 60 },
  pages: { signIn: "/sign-in" },
  // A wrong password is an expected event, not a server error: one line, no stack.
  logger: {
    error(error) {
      // Class names are minified in production builds; Auth.js errors carry their type.
      if ((error as { type?: string }).type === "CredentialsSignin") console.warn("[auth] sign-in refused: wrong credentials or too many attempts");
      else log.error({ err: error }, "Auth.js failed");
    },
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const address = clientAddress(request.headers);
        if (await isSignInLocked(email, address, { knownDevice: isKnownDevice(request.headers, email) })) throw new SignInRateLimited();
        if (!takePasswordCheck()) throw new SignInBusy();
        const user = await findUserByEmail(email);
        // Hash even for unknown emails so response time does not reveal which accounts exist.
        const valid = await verifyPassword(user?.passwordHash ?? (await unknownUserHash()), password);
        if (!user || !valid) {
          await recordSignInFailure(email, address);
          return null;
        }
        await clearSignInFailures(email, address);
        const signInCall = passwordSignIns.getStore();
        if (signInCall) signInCall.acceptedEmail = email;
        return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
      },
    }),
  ],
  callbacks: {
    // The token keeps the session version it was issued with; lib/auth/session.ts compares it on every use.
    jwt({ token, user }) {
      if (user) token.sessionVersion = user.sessionVersion;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      session.sessionVersion = token.sessionVersion;
      return session;
    },
  },
});

export const { handlers, auth, signOut } = nextAuth;

/**
 * signIn with an email and password, which redirects by throwing when it succeeds; before anything
 * is thrown, `onAccepted` is given the email whose password was accepted, if one was.
 */
export async function signInWithCredentials(
  credentials: { email: string; password: string; redirectTo: string },
  onAccepted: (email: string) => Promise<void>,
): Promise<void> {
  const call: { acceptedEmail?: string } = {};
  try {
    await passwordSignIns.run(call, () => nextAuth.signIn("credentials", credentials));
  } finally {
    if (call.acceptedEmail) await onAccepted(call.acceptedEmail);
  }
}
