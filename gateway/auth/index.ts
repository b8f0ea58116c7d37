/** Who is calling and what they may do: JWT verification, token extraction, scopes, ownership. */
export { createTokenVerifier, signToken, TOKEN_LIMITS, type Principal, type TokenRequest, type TokenVerifier } from './tokens';
export { bearerToken, requireToken, upgradeToken } from './credentials';
export { aggregateStream, authorize, commandScope, hasExpired, readScope, requireKeyAllowed, subscribeScope } from './scopes';
export { AccessControl, type Grant } from './access-control';
export { developmentToken, logDevelopmentToken } from './development-token';
