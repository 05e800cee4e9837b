const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * body-parser's `verify` hook for JSON bodies: invalid UTF-8 is refused (400) instead of being
 * decoded into U+FFFD and stored as if the client had sent it. The bytes stay on the request as
 * `rawBody` (Nest's RawBodyRequest), for routes that check a signature over them (webhooks).
 */
export function rejectInvalidUtf8(request: unknown, _response: unknown, raw: Buffer): void {
  (request as { rawBody?: Buffer }).rawBody = raw;
  try {
    utf8.decode(raw);
  } catch {
    throw Object.assign(new Error('request body is not valid UTF-8'), { status: 400, type: 'encoding.invalid' });
  }
}
