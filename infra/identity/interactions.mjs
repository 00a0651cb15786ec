// The interaction routes oidc-provider sends the browser to: the sign-in form and the automatic
// consent of first-party clients. Each interaction is bound to a signed cookie set by the
// provider for this uid, so a form posted from another site (without it) is refused.
import { authenticate } from './accounts.mjs';
import { loginPage, messagePage, sendPage } from './views.mjs';

const MAX_FORM_BYTES = 4096;
/** Wrong passwords allowed per sign-in attempt; then the application is told it was denied. */
const MAX_FAILURES = 5;
const failures = new Map();
const MAX_TRACKED = 10_000;
const INTERACTION = /^\/interaction\/([\w-]{1,64})(?:\/(login|abort))?$/;

async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Consent is not asked of first-party clients: grant what the request asks for. */
async function grantConsent(provider, details) {
  const { prompt, params, session, grantId } = details;
  const grant = grantId
    ? await provider.Grant.find(grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  const missing = prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  return grant.save();
}

/** Handles /interaction/* and answers true, or answers false for any other path. */
export async function handleInteraction(provider, credentials, req, res, logger) {
  const match = INTERACTION.exec(new URL(req.url, 'http://x').pathname);
  if (!match) return false;
  const [, uid, action] = match;
  // The interaction must exist, be unexpired and be bound to this browser's cookie.
  const details = await provider.interactionDetails(req, res).catch(() => undefined);
  if (details?.uid !== uid) {
    sendPage(
      res,
      400,
      'Sign-in expired',
      messagePage('Sign-in expired', 'Start again from the application.'),
    );
    return true;
  }
  const client = await provider.Client.find(details.params.client_id);
  const clientName = client?.clientName ?? details.params.client_id;
  if (req.method === 'GET' && !action) {
    if (details.prompt.name === 'login') {
      sendPage(res, 200, 'Sign in', loginPage(uid, clientName));
    } else if (details.prompt.name === 'consent' && client?.['careflow_first_party'] === true) {
      const grantId = await grantConsent(provider, details);
      await provider.interactionFinished(
        req,
        res,
        { consent: { grantId } },
        { mergeWithLastSubmission: true },
      );
    } else {
      await provider.interactionFinished(req, res, {
        error: 'access_denied',
        error_description: 'consent is required and this provider asks none of third parties',
      });
    }
    return true;
  }
  if (req.method === 'POST' && action === 'abort') {
    await provider.interactionFinished(req, res, {
      error: 'access_denied',
      error_description: 'sign-in cancelled',
    });
    return true;
  }
  if (req.method === 'POST' && action === 'login') {
    const form = await readForm(req);
    const username = (form.get('username') ?? '').trim().slice(0, 64);
    const user = authenticate(credentials, username, form.get('password') ?? '');
    if (!user && (failures.get(uid) ?? 0) + 1 >= MAX_FAILURES) {
      failures.delete(uid);
      logger.info('sign-in refused: too many wrong passwords', {
        client: details.params.client_id,
      });
      await provider.interactionFinished(req, res, {
        error: 'access_denied',
        error_description: 'too many failed sign-in attempts',
      });
      return true;
    }
    if (!user) {
      // Abandoned sign-ins leave entries behind: bound the map rather than track expiry.
      if (failures.size >= MAX_TRACKED) failures.clear();
      failures.set(uid, (failures.get(uid) ?? 0) + 1);
      // The username is not logged: it may be mistyped personal data.
      logger.info('sign-in refused', { client: details.params.client_id });
      sendPage(
        res,
        401,
        'Sign in',
        loginPage(uid, clientName, 'Unknown username or wrong password.', username),
      );
      return true;
    }
    failures.delete(uid);
    logger.info('signed in', { sub: user.sub, client: details.params.client_id });
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: user.sub } },
      { mergeWithLastSubmission: false },
    );
    return true;
  }
  sendPage(res, 405, 'Not allowed', messagePage('Not allowed', 'This method is not allowed here.'));
  return true;
}
