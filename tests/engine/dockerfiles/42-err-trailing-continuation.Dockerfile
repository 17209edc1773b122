FROM alpine
RUN apk add curl \
    # the file ends inside the continuation
