# One image for both processes: `node dist/apps/api/main.js` (serves the SPAs too) or the worker.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/citizen-web/package.json apps/citizen-web/
COPY apps/agent-web/package.json apps/agent-web/
COPY libs/api-client/package.json libs/api-client/
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
# Chromium renders certificate PDFs in the worker.
RUN apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-core fonts-hosny-amiri && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/apps/citizen-web/dist ./apps/citizen-web/dist
COPY --from=build /app/apps/agent-web/dist ./apps/agent-web/dist
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/libs ./libs
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/main.js"]
