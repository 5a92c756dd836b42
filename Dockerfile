# One Dockerfile for every service's image. SERVICE picks the service: `gateway` (the default) or
# `subgraphs/<name>`, e.g. from the repository root:
#   docker build -t registries-gateway .
#   docker build --build-arg SERVICE=subgraphs/labs -t registries-labs .
# The image holds the service compiled to JavaScript (npm run build), only its own code and the
# shared code, and the production dependencies. It runs `node main.js` (a link to the service's
# dist/.../main.js) as its main process, so SIGTERM reaches node, which drains its requests and exits.
# It runs as `node`, which cannot write /app; /var/cache/registries is its one writable folder (the
# gateway keeps its last good supergraph there). tests/deploy/image-run.test.ts starts the services
# this way, since no container engine runs in CI.
ARG NODE_IMAGE=node:24-bookworm-slim

# Compiles the TypeScript, with the development dependencies (TypeScript, tsx).
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY shared ./shared
COPY subgraphs ./subgraphs
COPY gateway ./gateway
RUN npm run build

# The production dependencies alone.
FROM ${NODE_IMAGE} AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
ARG SERVICE=gateway
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 SUPERGRAPH_CACHE=/var/cache/registries/supergraph.graphql
COPY package.json ./
COPY --from=dependencies /app/node_modules ./node_modules
COPY --from=build /src/dist/shared ./dist/shared
COPY --from=build /src/dist/${SERVICE} ./dist/${SERVICE}
RUN test -f "dist/${SERVICE}/main.js" || { echo "SERVICE must be gateway or subgraphs/<name>; dist/${SERVICE}/main.js does not exist" >&2; exit 1; }; \
    ln -s "dist/${SERVICE}/main.js" main.js && \
    mkdir -p /var/cache/registries && chown node:node /var/cache/registries
USER node
CMD ["node", "--enable-source-maps", "main.js"]
