# syntax=docker/dockerfile:1
# check=skip=JSONArgsRecommended
ARG BASE=alpine:3.20
FROM ${BASE} AS base
MAINTAINER Jane Doe <jane@example.com>
LABEL org.opencontainers.image.title="demo" version=1.0
ENV APP_HOME=/app
ARG BUILD_ID
WORKDIR $APP_HOME
ADD https://example.com/archive.tar.gz /tmp/
COPY . .
RUN ./configure && make
EXPOSE 8080/tcp 8125/udp
VOLUME /data
USER 1000:1000
ONBUILD COPY . /app/src
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=3s CMD wget -qO- http://localhost:8080/health || exit 1
SHELL ["/bin/sh", "-ec"]
ENTRYPOINT ["/app/bin/demo"]
CMD ["serve"]
