/** The part of Electron's WebFrameMain the check reads. */
export interface SenderFrameLike {
  readonly url: string;
  readonly parent: unknown;
}

/**
 * The origin of a URL as scheme://host. WHATWG `URL.origin` is "null" for non-http schemes such as our app://, so
 * the pair is compared instead.
 */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    if (!u.host) return null;
    return `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

/**
 * Only the main frame of a page from one of our own origins may call the router. A sub-frame, a page that somehow
 * navigated elsewhere, a destroyed frame (senderFrame null) or a file:// page (no host) is refused.
 */
export function isTrustedSender(
  frame: SenderFrameLike | null | undefined,
  trustedOrigins: readonly string[],
): boolean {
  if (!frame) return false;
  if (frame.parent !== null) return false;
  const origin = originOf(frame.url);
  return origin !== null && trustedOrigins.includes(origin);
}
