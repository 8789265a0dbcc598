// A real OpenID Connect provider for the tests (npm `oidc-provider`, OpenID certified),
// started by tests/oidc_provider.py on a free loopback port. Not a mock: it runs the
// authorisation code flow with PKCE, signs ID tokens (RS256) with a key made at start, and
// serves discovery, JWKS, token and end-session endpoints as any provider does.
//
// The only test-specific parts: its sign-in page asks for nothing but which test account
// signs in (each account says which `amr`/`acr` that sign-in shows), consent is implied, and
// with "wrongKeys" its JWKS publishes another key under the same `kid` (so its ID tokens
// are wrongly signed for anyone who trusts that JWKS). Back-channel logout is on: a client
// with backchannel_logout_uri is told when its user signs out here.
//
// Configuration: one JSON argument {clients: [...], accounts: {sub: {...}}, wrongKeys}.
// Prints "listening <issuer>" on stdout when ready. Listens on 127.0.0.1 only.
import http from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

const config = JSON.parse(process.argv[2] || '{}');
const accounts = config.accounts || {};

async function signingKey(kid) {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const secret = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  const open = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { secret, open };
}

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title, body) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>${escape(title)}</title></head><body><h1>${escape(title)}</h1>${body}</body></html>`;

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;
const key = await signingKey('test-key-1');
const other = await signingKey('test-key-1');

const provider = new Provider(issuer, {
  clients: config.clients || [],
  jwks: { keys: [key.secret] },
  acrValues: [
    'https://data.gov.dk/concept/core/nsis/loa/Low',
    'https://data.gov.dk/concept/core/nsis/loa/Substantial',
    'https://data.gov.dk/concept/core/nsis/loa/High',
  ],
  claims: {
    acr: null,
    sid: null,
    auth_time: null,
    // amr and acr with every ID token: they say how the person signed in.
    openid: ['sub', 'amr', 'acr'],
    email: ['email', 'email_verified'],
    profile: ['name', 'role', 'organisation', 'groups'],
  },
  // Scope claims in the ID token itself (the relying party reads no userinfo).
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  ttl: { IdToken: 300, AccessToken: 300, AuthorizationCode: 60, Interaction: 600, Session: 600, Grant: 600 },
  cookies: { keys: ['test-only-cookie-key'] },
  findAccount: async (ctx, sub) => {
    const account = accounts[sub];
    if (!account) return undefined;
    return { accountId: sub, claims: async () => ({ sub, ...(account.claims || {}) }) };
  },
  // Consent is implied: every requested scope is granted to the test client.
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(ctx.oidc.params.scope || 'openid');
    await grant.save();
    return grant;
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  // Its outgoing requests (the back-channel logout) refuse loopback addresses, a guard
  // against server-side request forgery; here the relying party is on loopback.
  fetch: (url, options) => {
    const { dispatcher, ...rest } = options;
    return globalThis.fetch(url, rest);
  },
  features: {
    devInteractions: { enabled: false },
    backchannelLogout: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = page('Sign out of the test provider?', `${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes" data-testid="op-logout">Yes, sign me out</button>`);
      },
      postLogoutSuccessSource: async (ctx) => { ctx.body = page('Signed out of the test provider', ''); },
    },
  },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page('Provider error', `<pre>${escape(JSON.stringify(out))}</pre>`);
  },
});
provider.proxy = false;
provider.on('backchannel.error', (ctx, error) => process.stderr.write(`backchannel: ${error}\n`));

const callback = provider.callback();

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return Object.fromEntries(new URLSearchParams(body));
}

server.on('request', async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    if (config.wrongKeys && url.pathname === '/jwks') {
      res.setHeader('Content-Type', 'application/jwk-set+json');
      res.end(JSON.stringify({ keys: [other.open] }));
      return;
    }
    const match = url.pathname.match(/^\/interaction\/([\w-]+)(\/login)?$/);
    if (!match) {
      callback(req, res);
      return;
    }
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET') {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(page('Test provider sign-in', `<form method="post" action="/interaction/${escape(details.uid)}/login">
<label for="login">Test account</label> <input id="login" name="login" data-testid="op-login">
<button type="submit" data-testid="op-submit">Sign in</button></form>`));
      return;
    }
    const { login } = await readForm(req);
    const account = accounts[login];
    if (!account) {
      res.statusCode = 400;
      res.end(page('No such test account', ''));
      return;
    }
    const result = { login: { accountId: login } };
    if (account.amr) result.login.amr = account.amr;
    if (account.acr) result.login.acr = account.acr;
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  } catch (error) {
    res.statusCode = 500;
    res.end(page('Provider error', escape(error.message)));
  }
});

process.stdout.write(`listening ${issuer}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
