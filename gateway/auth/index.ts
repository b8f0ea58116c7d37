/** Who is calling and what they may do: JWT verification, token extraction, scopes. */
export { createTokenVerifier, signToken, type Principal, type TokenRequest, type TokenVerifier } from './tokens';
export { bearerToken, requireToken, upgradeToken } from './credentials';
export { authorize, authorizeSubscription, commandScope, subscribeScope } from './scopes';
export { logDevelopmentToken } from './development-token';
