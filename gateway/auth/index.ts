/** Who is calling and what they may do: JWT verification, token extraction, scopes, ownership. */
export { createTokenVerifier, signToken, TOKEN_LIMITS, type Principal, type TokenRequest, type TokenVerifier } from './tokens';
export {
  bearerToken,
  offeredSubprotocols,
  requireToken,
  requireUpgradeCredential,
  upgradeCredential,
  type CredentialSource,
  type UpgradeCredential,
} from './credentials';
export { aggregateStream, authorize, commandScope, hasExpired, readScope, requireKeyAllowed, subscribeScope } from './scopes';
export { AccessControl, type Grant } from './access-control';
export { httpCaller, type Caller } from './caller';
export { developmentToken, logDevelopmentToken, usesDevelopmentSecret } from './development-token';
