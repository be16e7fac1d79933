/** What `fn` throws, for tests that look at an error's `code` and `message`; fails if it returns. */
export function thrown(fn: () => unknown): { code?: unknown; message: string } {
  try {
    fn()
  } catch (error) {
    return error as { code?: unknown; message: string }
  }
  throw new Error('did not throw')
}
