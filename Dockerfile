# tiered, the controller, as the ECS service that runs it (deploy/README.md).
#
# Two stages: `build` compiles TypeScript with the dev dependencies; `runtime` holds the
# compiled output and the production dependencies only. The base is the Node 20 LTS image on
# Debian bookworm, slim variant (maintained by the Node.js Docker team).

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
# The JSON schemas are imported by the compiled code (and emitted beside it into dist/manifests).
COPY manifests ./manifests
# The status page's browser script is bundled into dist/src/status-page/assets (docs/status.md).
COPY scripts/build-status-page.mjs ./scripts/
RUN npm run build
# Local AWS (moto behind tiered's proxy, and the commands that start it) is a development tool
# the service never runs: the image leaves it out, and `tiered local` / `run --local` say so.
RUN rm -rf dist/src/local dist/src/cli/local.js* dist/src/cli/local-env.js* dist/src/cli/run-local.js*

FROM ${NODE_IMAGE} AS runtime
# git (with TLS roots and ssh) for `tiered run --git`, which polls the repository through the
# system git so that credential helpers and SSH keys work as operators expect.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git ca-certificates openssh-client \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY manifests/schemas ./manifests/schemas
# The image's unprivileged `node` user (uid 1000); nothing under /app is writable by it.
USER node
EXPOSE 8080
# slim has no curl: node itself probes /healthz (fetch is built into Node 20).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/src/cli/main.js"]
CMD ["run", "--manifests", "/manifests"]
