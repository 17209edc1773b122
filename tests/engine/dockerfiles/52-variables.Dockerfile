ARG REGISTRY=docker.io
ARG TAG=latest
FROM ${REGISTRY}/library/alpine:${TAG}
ARG TAG
ENV VERSION=${TAG:-dev} \
    NAME=app-${TAG}
RUN echo "$VERSION" '${NAME}' \$literal
LABEL version="${VERSION}"
WORKDIR /opt/${NAME%%-*}
