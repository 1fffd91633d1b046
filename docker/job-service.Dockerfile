# syntax=docker/dockerfile:1
# job-service: the internal job API, owner of Postgres; `node main.js migrate` applies migrations and exits.
# Build from the repository root:  docker build -f docker/job-service.Dockerfile -t validahub/job-service:<version> .

FROM node:20-bookworm-slim AS build
WORKDIR /workspace
ENV NX_DAEMON=false NX_NO_CLOUD=true
# Dependencies first, so this layer is reused until the lockfile changes. No install scripts: none of
# the workspace's packages needs one (k8s/test/support/install-scripts.ts lists them and why).
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npx nx run job-service:build
# The build writes dist/apps/job-service/package.json with the exact versions of the packages the bundle
# imports, but no lockfile, so a plain install would pick today's transitive versions. Cut the workspace
# lockfile down to that package.json instead (offline: every entry is already in it), and the runtime
# stage installs exactly the dependency tree CI tested, with npm ci.
RUN cp package-lock.json dist/apps/job-service/ \
 && cd dist/apps/job-service \
 && npm install --package-lock-only --omit=dev --ignore-scripts --offline --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app
# Manifests first: the install layer is reused while the dependencies stay the same.
COPY --from=build /workspace/dist/apps/job-service/package.json /workspace/dist/apps/job-service/package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /workspace/dist/apps/job-service/ ./
COPY docker/healthcheck.cjs ./
# The shared files folder (STORAGE_LOCAL_ROOT). A new Docker volume mounted here takes this ownership.
RUN mkdir -p /data/files && chown node:node /data/files
ENV PORT=3001 STORAGE_LOCAL_ROOT=/data/files
EXPOSE 3001
USER node
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["node", "healthcheck.cjs"]
# Exec form: node is PID 1 and gets SIGTERM itself (no shell in between); the app drains, then exits 0.
CMD ["node", "main.js"]
