// Apps that are not on this machine (Replit, Codespaces, Gitpod, Render, Glitch) fail in
// three ways of their own, which the generic words would misread: a certificate this
// computer does not trust, a private forwarded port that answers with a sign-in page, and
// a sleeping host that takes seconds to wake up. Recognised here from the failure's reason
// and parameters (the error's code or message, the redirect's target), so the words change
// and the reason codes stay what they are.

import type { Failure } from '../types.ts';

export type HostedCase = 'certificate' | 'privatePort' | 'wakingUp';

/** Node's codes for a certificate chain it could not verify (see tls.TLSSocket's `authorizationError`). */
const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
]);

/** OpenSSL's words for the same, when only the message came through. */
const CERTIFICATE_WORDS = /self[- ]signed certificate|unable to verify the first certificate|unable to get (?:local )?issuer certificate|certificate chain/i;

/** A sign-in page's address: GitHub's /login, Gitpod's /api/login, an /oauth/authorize, an SSO page. */
const SIGN_IN = /(?:^|[/?&=_.-])(?:log-?in|sign-?in|auth|oauth2?|sso)(?:$|[/?&=_.-])/i;

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

function parse(url: unknown): URL | undefined {
  try {
    return typeof url === 'string' ? new URL(url) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Which of the hosted apps' failures this is, if any. `target` (the checked address) stands
 * in for a failure that names no URL: a check that ran out of time as a whole.
 */
export function hostedCase(failure: Failure, target?: string): HostedCase | undefined {
  const { key, params } = failure;
  const code = typeof params.code === 'string' ? params.code : '';
  const message = typeof params.message === 'string' ? params.message : '';
  if ((failure.reason === 'error' || failure.reason === 'unreachable') && (CERTIFICATE_CODES.has(code) || CERTIFICATE_WORDS.test(message))) return 'certificate';
  if (key === 'redirected-to-html') {
    const from = parse(params.url);
    const to = parse(params.location);
    // The app's own login page is the app's business (the existing advice); another site's sign-in is the port's.
    if (from && to && from.origin !== to.origin && SIGN_IN.test(to.pathname + to.search)) return 'privatePort';
  }
  const url = parse(params.url ?? target);
  // Hosted apps are reached over https at a name of their host; an app on this machine is http://localhost.
  const hosted = url !== undefined && (url.protocol === 'https:' || !LOOPBACK.test(url.hostname));
  // A forwarded port that answers API clients with 401 instead of a sign-in page.
  if (hosted && failure.reason === 'http-status' && params.status === 401) return 'privatePort';
  if (hosted && (key === 'headers-timeout' || key === 'connect-timeout' || key === 'timeout')) return 'wakingUp';
  return undefined;
}
