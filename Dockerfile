# omsbot — Slack bot for Huawei Cloud OMS sync tasks. Node 22 LTS (DESIGN: the image uses 22).
# Not built in CI: the project's machines have no Docker engine.
FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json ./
# Dev dependencies are left out; tsx (a runtime dependency) runs the TypeScript sources.
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force
COPY charts ./charts
COPY src ./src
COPY tsconfig.json manifest.yml ./
RUN mkdir -p /app/data && chown node:node /app/data
USER node
# State (file store) lives here; mount a volume or set REDIS_URL for several replicas.
ENV STATE_DIR=/app/data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "node_modules/tsx/dist/cli.mjs", "src/main.ts"]
