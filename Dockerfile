# Node 24, the line package.json's "engines" names.
# Build stage: compile TypeScript with the dev dependencies.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
RUN npm run build

# Runtime stage: production dependencies, the compiled service and scripts, and the migrations.
# No tsx here: `npm run key:create` runs the compiled dist/scripts/create-api-key.js (scripts/run-script.mjs).
FROM node:24-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY migrations ./migrations
# The shipped policy files (docs/policies.md); POLICIES_DIR may point elsewhere, e.g. a mounted volume.
COPY policies ./policies
# The shipped county plans: tasks and responsible units (docs/tasks.md).
COPY plans ./plans
# The administrative divisions (docs/divisions.md): about 1 MB, read at start-up.
COPY data-files/divisions ./data-files/divisions
COPY scripts/run-script.mjs ./scripts/run-script.mjs
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/ready').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# Started directly (not through npm) so SIGTERM reaches the service and it shuts down gracefully.
CMD ["node", "--enable-source-maps", "dist/src/server.js"]
