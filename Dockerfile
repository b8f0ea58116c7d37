# One image for every Eventline process; docker-compose.yml picks the entry point.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.browser.json ./
# npm ci applies these to node_modules (postinstall: patch-package).
COPY patches patches
COPY platform platform
COPY infra infra
COPY schemas schemas
COPY domains domains
COPY read-models read-models
COPY services services
COPY gateway gateway
COPY cli cli
COPY client client
COPY bench bench
COPY test test
COPY bin bin
RUN npm ci --strict-allow-scripts && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
# Production mode: the built-in development JWT secret is refused, so JWT_SECRET (or
# JWT_JWKS_URL) must be given at run time, and so are TLS (or INSECURE_PLAINTEXT=true) and, for
# the gateway, WS_ALLOWED_ORIGINS (docs/operations.md). The client port listens on every
# interface; the operations port (/healthz, /readyz, /metrics) on the container's loopback, the
# same 9090 in every container.
ENV NODE_ENV=production EVENTLINE_ENV=production HOST=0.0.0.0 OPS_PORT=9090
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build /app/package.json package.json
COPY --from=build /app/bin bin
COPY schemas schemas
COPY gateway/dashboard gateway/dashboard
USER node
CMD ["node", "dist/gateway/main.js"]
