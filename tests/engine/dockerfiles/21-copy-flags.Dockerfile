FROM alpine AS src
FROM alpine
COPY --from=src --chown=app:app --chmod=0644 /etc/os-release /tmp/
COPY --link config/ /etc/app/
COPY --link=false a b
COPY --parents ./apps/*/package.json /work/
COPY --exclude=*.md --exclude=docs/ . /src/
COPY ["file with spaces.txt", "/dest dir/"]
COPY --from=nginx:alpine /etc/nginx/nginx.conf /nginx.conf
