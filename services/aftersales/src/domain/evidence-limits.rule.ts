/** What one AttachEvidence call may carry: up to 9 photos of up to 3 MiB each (the shop platform's own limits). */
export const MAX_PHOTOS = 9;
export const MAX_PHOTO_BYTES = 3 * 1024 * 1024;
export const EVIDENCE_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

// Descriptions (200 characters, up to 12 JSON bytes each when escaped), ids, keys and field names.
const ENVELOPE_BYTES = 1024 * 1024;

/**
 * The request size the transports must accept so a full AttachEvidence fits: photos travel inline,
 * as base64 in HTTP JSON (4 bytes per 3) and as raw bytes over gRPC (smaller still).
 */
export function evidenceRequestBytes(): number {
  return MAX_PHOTOS * Math.ceil(MAX_PHOTO_BYTES / 3) * 4 + ENVELOPE_BYTES;
}
