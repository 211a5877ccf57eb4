# omsbot — Slack bot for Huawei Cloud OMS sync tasks. Node 22 LTS (DESIGN: the image runs a current
# LTS, compiled, no TypeScript loader at run time). Not built in CI: these machines have no Docker.
FROM node:22.12.0-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the only install script in the tree is esbuild's (dev only; its binary
# arrives as an optional dependency anyway), so nothing needs to run code at install.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:22.12.0-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# glibc gives each thread that allocates its own malloc arena and keeps what it frees there;
# resvg rasterises on libuv's threads: RSS rose 351 → 496 MB over 3,000 charts, and with two
# arenas 366 → 384 MB at the same speed (bench/growth.ts, issue 11).
ENV MALLOC_ARENA_MAX=2
# tini: signals reach node as PID 1 would not handle them, and zombies are reaped.
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Production dependencies only; the chart fonts (dejavu-fonts-ttf, @expo-google-fonts/noto-sans-sc)
# are among them. No secret is needed to build: nothing is passed in, nothing stays in a layer.
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force \
 # Charts use Noto Sans SC Regular and Bold only; the package's seven other weights are ~70 MB.
 && find node_modules/@expo-google-fonts/noto-sans-sc -name '*.ttf' \
      ! -name 'NotoSansSC_400Regular.ttf' ! -name 'NotoSansSC_700Bold.ttf' -delete
COPY --from=build /app/dist ./dist
COPY charts ./charts
COPY manifest.yml ./
RUN mkdir -p /app/data && chown node:node /app/data
USER node
# State (file store) lives here; mount a volume or set REDIS_URL for several replicas.
ENV STATE_DIR=/app/data
EXPOSE 3000
# Liveness (/healthz). Orchestrators that route traffic also probe /readyz (deploy/).
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "--"]
# The V8 heap flags of `npm run start:dist` (README, "Running in production"): the same young and
# old generation as the render workers', so the main thread does not keep a 32 MB young
# generation and grow its heap 4× between full GCs (peak RSS over 100 concurrent charts −50 MB).
CMD ["node", "--max-semi-space-size=4", "--max-old-space-size=512", "dist/main.js"]
