// A real OpenID Connect provider (panva/oidc-provider, OpenID Certified) for the test suite.
//
//   node provider.mjs CONFIG.json
//
// CONFIG.json (written by tests/fixtures/oidc.py):
//   issuer, port               "http://127.0.0.1:PORT", PORT
//   accounts                   {login: {sub, name, email, tid, roles, groups, ...}}
//   clients                    oidc-provider client metadata, plus "extra_claims" for client-credentials tokens
//   audience                   the resource indicator used when a request names none
//   resources                  {resource indicator: {scope?}} that clients may ask tokens for
//   access_token_ttl           seconds
// Prints READY on stdout once it accepts connections. Everything is in memory and lost at exit.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

import Provider, { errors } from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));

// Login name -> claims; accountId is the account's sub so that id_token.sub and access_token.sub agree.
const accountsBySub = new Map(
  Object.entries(config.accounts).map(([login, claims]) => [claims.sub ?? login, { sub: login, ...claims }]),
);
const subForLogin = (login) => (Object.hasOwn(config.accounts, login) ? config.accounts[login].sub ?? login : undefined);

// oidc-provider rejects unknown client metadata, so the per-client token claims are kept aside.
const clientClaims = new Map();
const clients = config.clients.map(({ extra_claims: extraClaims, ...metadata }) => {
  clientClaims.set(metadata.client_id, extraClaims ?? {});
  return metadata;
});

// A fresh key per run: relying parties must fetch it from the JWKS endpoint, as they would in production.
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256' };

const provider = new Provider(config.issuer, {
  clients,
  jwks: { keys: [signingKey] },
  async findAccount(ctx, sub) {
    const claims = accountsBySub.get(sub);
    return claims && { accountId: sub, claims: async () => claims };
  },
  // Entra ID puts tid, roles and groups in every id_token; name and email follow the usual scopes.
  claims: {
    openid: ['sub', 'tid', 'roles', 'groups'],
    profile: ['name', 'preferred_username'],
    email: ['email', 'email_verified'],
  },
  // Otherwise scope-requested claims go only to userinfo, and the relying party reads the id_token.
  conformIdTokenClaims: false,
  // The default requires PKCE only for public clients; our web client is confidential and must use it anyway.
  pkce: { required: () => true },
  // Plain http on loopback needs no switches: cookies get the Secure flag only when the request came over https
  // (ctx.secure), http redirect_uris are refused only for implicit-flow web clients, and the issuer is the very
  // address we listen on, so there is no proxy whose X-Forwarded-* headers would need trusting (app.proxy).
  cookies: { keys: [randomBytes(32).toString('hex')] }, // signed, so a test cannot pass off a forged session
  features: {
    devInteractions: { enabled: false }, // replaced below: the dev login accepts any name, ours refuses strangers
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => config.audience,
      // Without this a code exchanged with scope=openid yields an opaque userinfo token, not an API JWT.
      useGrantedResource: async () => true,
      async getResourceServerInfo(ctx, resource) {
        const server = Object.hasOwn(config.resources, resource) && config.resources[resource];
        if (!server) throw new errors.InvalidTarget(`unknown resource ${resource}`);
        return {
          scope: server.scope ?? '',
          audience: resource,
          accessTokenFormat: 'jwt',
          accessTokenTTL: config.access_token_ttl,
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
  async extraTokenClaims(ctx, token) {
    if (!token.accountId) return clientClaims.get(token.clientId);
    const { sub, ...claims } = accountsBySub.get(token.accountId) ?? {};
    return claims;
  },
});

// Errors become redirects or JSON for the client; the log (stderr.log beside config.json) says why.
provider.on('server_error', (ctx, error) => console.error('server_error:', error));
for (const event of ['authorization.error', 'grant.error', 'userinfo.error', 'end_session.error']) {
  provider.on(event, (ctx, error) => console.error(`${event}: ${error.message}: ${error.error_description ?? ''}`));
}

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res, status, title, body) {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`<!DOCTYPE html><html><head><title>${escape(title)}</title></head><body><h1>${escape(title)}</h1>${body}</body></html>`);
}

function loginPage(res, uid, status = 200, error = '', login = '') {
  const message = error ? `<p class="error" role="alert">${escape(error)}</p>` : '';
  page(res, status, 'Sign in', `${message}
<form method="post" action="/interaction/${uid}/login">
  <input type="text" name="login" value="${escape(login)}" required>
  <input type="password" name="password" required>
  <button type="submit">Sign in</button>
</form>`);
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

// Grants what the consent prompt asked for, as a user pressing "Accept" would.
async function grantConsent(details, session, params, grantId) {
  const grant = grantId
    ? await provider.Grant.find(grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
  if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  for (const [resource, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
    grant.addResourceScope(resource, scopes.join(' '));
  }
  return grant.save();
}

// The login and consent pages a browser is sent to; oidc-provider leaves these to the host application.
async function interaction(req, res, uid, action) {
  const { prompt, params, session, grantId } = await provider.interactionDetails(req, res);
  if (req.method === 'GET' && !action) {
    if (prompt.name === 'login') return loginPage(res, uid);
    return page(res, 200, 'Authorize', `<p>${escape(params.client_id)} asks for ${escape(params.scope)}</p>
<form method="post" action="/interaction/${uid}/confirm"><button type="submit">Accept</button></form>`);
  }
  if (req.method === 'POST' && action === 'login' && prompt.name === 'login') {
    const form = await readForm(req);
    const sub = subForLogin(form.get('login'));
    if (!sub || !form.get('password')) return loginPage(res, uid, 401, 'Unknown user or password', form.get('login'));
    return provider.interactionFinished(req, res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
  }
  if (req.method === 'POST' && action === 'confirm' && prompt.name === 'consent') {
    const consent = { grantId: await grantConsent(prompt.details, session, params, grantId) };
    return provider.interactionFinished(req, res, { consent }, { mergeWithLastSubmission: true });
  }
  return page(res, 400, 'Bad request', `<p>${escape(req.method)} ${escape(action ?? '')} during ${escape(prompt.name)}</p>`);
}

const oidc = provider.callback();
const server = createServer((req, res) => {
  const match = /^\/interaction\/([\w-]+)(?:\/(login|confirm))?$/.exec(req.url.split('?')[0]);
  if (!match) return oidc(req, res);
  return interaction(req, res, match[1], match[2]).catch((error) => {
    // SessionNotFound and friends: the interaction cookie is missing or expired.
    console.error(`interaction: ${error.name}: ${error.message}`);
    if (!res.headersSent) page(res, error.statusCode ?? 500, 'Sign-in failed', `<p>${escape(error.message)}</p>`);
  });
});
// Static clients are otherwise validated on first use: a bad config should stop start-up, not fail a test later.
for (const { client_id: clientId } of clients) await provider.Client.find(clientId);
server.listen(config.port, '127.0.0.1', () => console.log('READY'));
