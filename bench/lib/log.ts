/** A progress line, so a long run shows what it is doing. */
export function progress(message: string): void {
  console.log(`[bench] ${message}`);
}
