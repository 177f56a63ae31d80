# Paperboy in a container: `docker build -t paperboy .` then
#   docker run -d --name paperboy -v paperboy-data:/data -e DISCORD_TOKEN=… paperboy
# (or see compose.yaml for PostgreSQL and two replicas). The SQLite database lives in /data.

# Build: every dependency (TypeScript, esbuild) to compile; then only the production ones are kept.
FROM node:20-slim AS build
WORKDIR /app
# better-sqlite3 downloads a prebuilt binary; these build it from source where none fits.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3 esbuild
COPY . .
RUN npm run build && npm prune --omit=dev

# Run: Node 20 slim, production dependencies, the compiled bundle, a user without privileges.
FROM node:20-slim
ENV NODE_ENV=production \
    DATABASE_URL=/data/paperboy.sqlite \
    HTTP_PORT=9464
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist/bundle ./dist/bundle
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 9464
# Ready: the database answers, migrations are applied, the search index is built, the chat
# platforms are connected and the last ingest is recent (docs: README, "Operating Paperboy").
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.HTTP_PORT + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["bin/paperboy", "start"]
