FROM alpine AS build
FROM alpine
COPY --form=build /a /b
COPY --from /a /b
COPY --from=build --from=other /a /b
RUN --mnt=type=cache,target=/x echo
ADD --link=maybe a /b
