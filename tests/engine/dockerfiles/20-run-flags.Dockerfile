# syntax=docker/dockerfile:1
FROM node:20
RUN --mount=type=cache,target=/root/.npm \
    --mount=type=secret,id=npmrc,target=/root/.npmrc \
    npm ci
RUN --network=none npm test
RUN --security=insecure cat /proc/self/status
RUN --mount=type=bind,source="src dir",target=/src ls /src
