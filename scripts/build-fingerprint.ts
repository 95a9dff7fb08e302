import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const SOURCE_DIRS = ["app", "components", "db", "inngest", "lib", "public"];
const SOURCE_FILES = ["package-lock.json", "next.config.ts", "proxy.ts", "instrumentation.ts", "tsconfig.json", "postcss.config.mjs"];

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

/** A hash of everything the production build depends on, to rebuild only when it changed. */
export function buildFingerprint(root: string): string {
  const hash = createHash("sha256");
  const files = [...SOURCE_DIRS.flatMap((d) => listFiles(path.join(root, d))), ...SOURCE_FILES.map((f) => path.join(root, f))]
    .filter((file) => existsSync(file) && statSync(file).isFile())
    .sort();
  for (const file of files) {
    hash.update(path.relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}
