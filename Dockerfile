# One image for every process: `migrate` (compiled migrations + demo data), the API (serves the
# SPAs too) and the worker. Built in stages; the runtime stage holds only compiled code,
# production node_modules and the PDF fonts, and runs as the unprivileged `node`.
# test/e2e/foundation/image-layout.e2e-spec.ts rebuilds this stage's file layout from this file
# and runs migrate, api and worker from it as an unprivileged user (CI has no Docker engine).

# --- deps: every dependency, from the lock file only (cached until package*.json change)
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/citizen-web/package.json apps/citizen-web/
COPY apps/agent-web/package.json apps/agent-web/
COPY libs/api-client/package.json libs/api-client/
COPY libs/web-kit/package.json libs/web-kit/
RUN npm ci --no-audit --no-fund

# --- build: server (SWC → dist/, including dist/scripts/migrate.js and seed-demo.js) and both SPAs
FROM deps AS build
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# --- runtime
FROM node:20-bookworm-slim AS runtime
# No browser: certificates (worker) and receipts (API) are drawn as PDFs in Node, with font files
# read by path under FONTS_DIR (/usr/share/fonts): Amiri (Arabic), Noto (Latin, Arabic and
# Tifinagh: Noto Sans Tifinagh is in fonts-noto-core) and DejaVu Sans Mono (the numbers), named
# explicitly now that no fontconfig pulls it in.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-hosny-amiri fonts-noto-core fonts-dejavu-core ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# The only writable paths: attachments, signage media and the SMS file sink on the /data volume,
# created here so a fresh named volume starts owned by the app user (not root).
RUN install -d -o node -g node /data /data/uploads
WORKDIR /app
ENV NODE_ENV=production \
    UPLOAD_DIR=/data/uploads \
    SMS_FILE=/data/sms.jsonl \
    WEB_DIST_DIR=apps
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/apps/citizen-web/dist ./apps/citizen-web/dist
COPY --from=build /app/apps/agent-web/dist ./apps/agent-web/dist
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/apps/api/main.js"]
