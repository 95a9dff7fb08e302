import { hash, verify } from "@node-rs/argon2";
import { setting } from "@/lib/config/settings";

// argon2id with the OWASP-recommended minimum cost (19 MiB, 2 passes).
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

// This process's budget of sign-in password checks: a token bucket refilled at
// TERN_PASSWORD_CHECKS_PER_SECOND, holding one second's worth.
const budget = { tokens: Number.POSITIVE_INFINITY, updatedAt: 0 };

/**
 * Takes one password check from the budget; false when it is spent for now. Each check holds a core
 * for tens of milliseconds, so a flood of sign-ins is refused rather than queued behind the console.
 */
export function takePasswordCheck(now = Date.now()): boolean {
  const rate = setting("TERN_PASSWORD_CHECKS_PER_SECOND");
  budget.tokens = Math.min(Math.max(1, rate), budget.tokens + ((now - budget.updatedAt) / 1000) * rate);
  budget.updatedAt = now;
  if (budget.tokens < 1) return false;
  budget.tokens -= 1;
  return true;
}
