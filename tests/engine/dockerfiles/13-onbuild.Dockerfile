FROM node:20-alpine
WORKDIR /app
ONBUILD ARG NODE_ENV=production
ONBUILD COPY package*.json ./
ONBUILD RUN npm ci
ONBUILD COPY --chown=node:node . .
ONBUILD RUN <<EOF
npm run build
EOF
ONBUILD ENTRYPOINT ["node", "dist/index.js"]
