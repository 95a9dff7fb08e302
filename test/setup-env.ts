import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { postgresClient } from "@/db/client";
import { databaseUrl } from "./global-setup";

// Each test file works in its own copy of the migrated template database.
const serverUrl = inject("databaseServerUrl");
const template = inject("templateDatabase");
const name = `${template}_${randomBytes(4).toString("hex")}`;
const admin = postgresClient(serverUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name} template ${template}`);
await admin.end();

process.env.DATABASE_URL = databaseUrl(serverUrl, name);
process.env.AUTH_SECRET ??= "test-auth-secret-test-auth-secret";
process.env.TERN_ENCRYPTION_KEY ??= Buffer.alloc(32, 7).toString("base64");
process.env.TERN_ENGINE_SIGNING_KEY ??= `signkey-test-${"ab".repeat(32)}`;
