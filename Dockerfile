# contentstack-personalize-mcp: hosted Streamable HTTP for a team (README, "Hosted HTTP for teams").
# Build: docker build -t contentstack-personalize-mcp .
# Run:   docker run -p 3000:3000 -v "$PWD/tokens.json:/run/secrets/tokens.json:ro" \
#          -e MCP_ALLOWED_HOSTS=mcp.example.com -e PERSONALIZE_CONFIRM_SECRET=<hex> contentstack-personalize-mcp
# test/package/container.test.ts starts the final stage's command with its environment directly (no Docker daemon
# on the machines this project is tested on); the image itself has not been built there.

# Stage 1: compile TypeScript with the dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npm run build && rm -rf dist/bench dist/demo dist/dev

# Stage 2: the runtime, production dependencies only, as the unprivileged node user.
FROM node:20-bookworm-slim
LABEL io.modelcontextprotocol.server.name="io.github.contentstack/contentstack-personalize-mcp"
LABEL org.opencontainers.image.title="contentstack-personalize-mcp" org.opencontainers.image.licenses="MIT"
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY LICENSE README.md ./
USER node
ENV MCP_HTTP_HOST=0.0.0.0 MCP_HTTP_PORT=3000 MCP_HTTP_TOKENS_FILE=/run/secrets/tokens.json LOG_LEVEL=info
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.MCP_HTTP_PORT||3000)+'/healthz').then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "dist/index.js"]
CMD ["--http"]
