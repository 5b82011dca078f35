# Orderly service image (used by docker-compose.yml). Runs against the PostgreSQL
# given in DATABASE_URL; the embedded database is for running without Docker.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY prisma.config.ts tsconfig.json tsconfig.build.json ./
COPY scripts/prisma-generate.mjs ./scripts/
COPY src ./src
COPY calendars ./calendars
RUN npm ci && npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
# Memory (as `npm start`; README "Memory"): two malloc arenas, a young generation of 2 × 8 MiB.
ENV MALLOC_ARENA_MAX=2
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/calendars ./calendars
COPY --from=build /app/src/web/assets ./src/web/assets
USER node
EXPOSE 3000
# node directly (not npm) so SIGTERM from `docker stop` reaches the service and it drains.
CMD ["node", "--max-semi-space-size=8", "dist/src/main.js"]
