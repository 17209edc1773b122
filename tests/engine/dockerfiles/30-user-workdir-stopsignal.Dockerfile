FROM alpine
RUN addgroup -S app && adduser -S app -G app
USER app
WORKDIR /home/app
WORKDIR sub dir
USER ${UID:-1000}:${GID:-1000}
STOPSIGNAL 9
