/** "2026-11-29 11:22:18 UTC": the one way an exact time is written in the console, the same on the server and in every browser. */
export function formatUtc(date: Date | string): string {
  return `${new Date(date).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}
