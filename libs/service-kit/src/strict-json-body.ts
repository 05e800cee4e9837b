const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * body-parser's `verify` hook for JSON bodies: invalid UTF-8 is refused (400) instead of being
 * decoded into U+FFFD and stored as if the client had sent it.
 */
export function rejectInvalidUtf8(_request: unknown, _response: unknown, raw: Buffer): void {
  try {
    utf8.decode(raw);
  } catch {
    throw Object.assign(new Error('request body is not valid UTF-8'), { status: 400, type: 'encoding.invalid' });
  }
}
