/** A mistake in how the command was called or what it was given: exit code 2, with the message. */
export class UsageError extends Error {
  override name = 'UsageError';
}
