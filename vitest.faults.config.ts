// `npm run test:faults`: the whole fault suite, the slow cases (*.slow.test.ts) included.
import { defineConfig } from "vitest/config";
import base from "./vitest.config";

export default defineConfig({
  ...base,
  test: { ...base.test, include: ["faults/**/*.test.ts"], exclude: ["node_modules/**"], testTimeout: 900_000, fileParallelism: false },
});
