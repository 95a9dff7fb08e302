import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    include: ["**/*.test.ts"],
    // The slow fault cases run with `npm run test:faults` (vitest.faults.config.ts).
    exclude: ["node_modules/**", "e2e/**", ".next/**", ".data/**", "bench/peers/**", "**/*.slow.test.ts"],
    environment: "node",
    // next-auth imports "next/server" without its extension, which Node's own loader cannot resolve.
    server: { deps: { inline: ["next-auth"] } },
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup-env.ts"],
    // Test files spend much of their time waiting on PostgreSQL and the engine; two at a time use
    // two cores better than Vitest's default of one fewer than the cores (one, on two).
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
