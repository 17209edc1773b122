FROM alpine:3.20
RUN apk add --no-cache curl ca-certificates
COPY entrypoint.sh /usr/local/bin/
ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]
CMD ["--help"]
