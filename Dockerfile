# omsbot — Slack bot for Huawei Cloud OMS sync tasks. Node 22 LTS (DESIGN: the image runs a current
# LTS, compiled, no TypeScript loader at run time). Not built in CI: these machines have no Docker.
FROM node:22.12.0-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:22.12.0-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# tini: signals reach node as PID 1 would not handle them, and zombies are reaped.
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY charts ./charts
COPY manifest.yml ./
RUN mkdir -p /app/data && chown node:node /app/data
USER node
# State (file store) lives here; mount a volume or set REDIS_URL for several replicas.
ENV STATE_DIR=/app/data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/main.js"]
