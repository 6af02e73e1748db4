/**
 * A thrown value as one line for the evidence record: the AWS error name (e.g.
 * `AccessDeniedException`, `CredentialsProviderError`) and its message, no stack.
 */
export function describeError(e: unknown): string {
  if (e instanceof Error) {
    const message = e.message.replace(/\s+/g, ' ').trim();
    return e.name && e.name !== 'Error' ? `${e.name}: ${message}` : message;
  }
  return String(e);
}

/** `items` in consecutive slices of at most `size`. */
export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** `items` split by `test`: those that pass, then those that do not. */
export function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  const pass: T[] = [];
  const fail: T[] = [];
  for (const item of items) (test(item) ? pass : fail).push(item);
  return [pass, fail];
}
