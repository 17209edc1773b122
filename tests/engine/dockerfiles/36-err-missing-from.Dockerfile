ARG VERSION=1
LABEL version=$VERSION
RUN echo no stage
FROM alpine
