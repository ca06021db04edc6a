// Headers on every answer of the daemon's HTTP surface. The status page (docs/status.md) loads
// its script, stylesheet and /status from the same origin and nothing else: no inline code,
// no frames, no forms, so injected markup could neither run nor send anything anywhere.

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  // A JSON or text answer is never taken for a script or a page.
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};
