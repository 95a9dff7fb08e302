/**
 * Waits until `check` returns a truthy value (polling, as there is no event to subscribe to),
 * and fails with `description` when it does not within `timeoutMs`.
 */
export async function eventually<T>(check: () => Promise<T> | T, description: string, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) return result as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
