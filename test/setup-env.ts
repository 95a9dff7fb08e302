import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.AUTH_SECRET ??= "test-auth-secret-test-auth-secret";
process.env.TERN_ENCRYPTION_KEY ??= Buffer.alloc(32, 7).toString("base64");
