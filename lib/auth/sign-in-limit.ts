// Failed sign-ins lock an email from one address, and from all addresses together. A browser that
// signed in to an account before keeps a signed proof of it, so that strangers failing as that
// account elsewhere cannot lock its owner out.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, gt, lt, sql } from "drizzle-orm";
import { db } from "@/db";
import { signInFailures } from "@/db/schema";
import { setting } from "@/lib/config/settings";

const SIGN_IN_WINDOW_MS = 15 * 60_000;
/** Failures of one email from one client address that lock that pair. */
export const MAX_FAILED_SIGN_INS = 5;
/** Failures of one email from any addresses that lock the account, so many addresses gain no more guesses. */
const MAX_FAILED_SIGN_INS_PER_ACCOUNT = 20;

function windowStart(): Date {
  return new Date(Date.now() - SIGN_IN_WINDOW_MS);
}

/**
 * True once an email has failed too often in the current window, from this client address or, unless
 * the request comes from a browser that signed in to it before (`knownDevice`), from all.
 */
export async function isSignInLocked(email: string, clientAddress: string, { knownDevice = false } = {}): Promise<boolean> {
  const [row] = await db
    .select({
      fromAddress: sql<number>`(count(*) filter (where ${signInFailures.clientAddress} = ${clientAddress}))::int`,
      fromAll: sql<number>`count(*)::int`,
    })
    .from(signInFailures)
    .where(and(eq(signInFailures.email, email.toLowerCase()), gt(signInFailures.createdAt, windowStart())));
  return (row?.fromAddress ?? 0) >= MAX_FAILED_SIGN_INS || (!knownDevice && (row?.fromAll ?? 0) >= MAX_FAILED_SIGN_INS_PER_ACCOUNT);
}

export async function recordSignInFailure(email: string, clientAddress: string): Promise<void> {
  await db.insert(signInFailures).values({ email: email.toLowerCase(), clientAddress });
  // Old failures no longer count; prune them as we go so the table stays small.
  await db.delete(signInFailures).where(lt(signInFailures.createdAt, windowStart()));
}

export async function clearSignInFailures(email: string, clientAddress: string): Promise<void> {
  await db.delete(signInFailures).where(and(eq(signInFailures.email, email.toLowerCase()), eq(signInFailures.clientAddress, clientAddress)));
}

/** The cookie holding a browser's proofs of the accounts it signed in to. */
export const DEVICE_COOKIE = "tern-device";
/** How long a browser stays known after its last sign-in. */
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 180 * 24 * 60 * 60;
/** Accounts one browser is known for; an older proof makes way for a newer one. */
const MAX_DEVICE_PROOFS = 5;
// `<nonce>.<HMAC>`, 16 random bytes and 32 bytes of HMAC-SHA256 in base64url.
const PROOF_FORMAT = /^[\w-]{22}\.[\w-]{43}$/;

/** Proof that this browser signed in as `email`, or undefined without an AUTH_SECRET to sign it with. */
function deviceProof(email: string, nonce = randomBytes(16).toString("base64url")): string | undefined {
  const secret = setting("AUTH_SECRET");
  if (!secret) return undefined;
  // The nonce's fixed length keeps email and nonce apart in the signed text.
  return `${nonce}.${createHmac("sha256", secret).update(`tern device${email.toLowerCase()}${nonce}`).digest("base64url")}`;
}

/** True when `proof`, one of proofsIn's, was issued for `email`. */
function proves(proof: string, email: string): boolean {
  const expected = deviceProof(email, proof.slice(0, proof.indexOf(".")));
  return expected !== undefined && timingSafeEqual(Buffer.from(proof), Buffer.from(expected));
}

/** The well-formed proofs in a tern-device cookie's value, as many as one browser keeps. */
function proofsIn(cookie: string | undefined): string[] {
  return (cookie ?? "")
    .split("~")
    .filter((proof) => PROOF_FORMAT.test(proof))
    .slice(0, MAX_DEVICE_PROOFS);
}

/** The tern-device cookie's value in a request's Cookie header. */
function deviceCookie(headers: { get(name: string): string | null }): string | undefined {
  const prefix = `${DEVICE_COOKIE}=`;
  for (const pair of (headers.get("cookie") ?? "").split(";")) {
    if (pair.trim().startsWith(prefix)) return pair.trim().slice(prefix.length);
  }
  return undefined;
}

/** True when the request carries proof that its browser signed in as `email` before. */
export function isKnownDevice(headers: { get(name: string): string | null }, email: string): boolean {
  return proofsIn(deviceCookie(headers)).some((proof) => proves(proof, email));
}

/**
 * The tern-device cookie's new value once this browser has signed in as `email`: a fresh proof
 * for it, then the proofs for the others it signed in to most recently. Undefined without an AUTH_SECRET.
 */
export function deviceCookieAfterSignIn(current: string | undefined, email: string): string | undefined {
  const proof = deviceProof(email);
  if (!proof) return undefined;
  const others = proofsIn(current).filter((earlier) => !proves(earlier, email));
  return [proof, ...others].slice(0, MAX_DEVICE_PROOFS).join("~");
}
