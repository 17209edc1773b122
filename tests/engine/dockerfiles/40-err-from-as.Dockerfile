FROM
FROM alpine AS
FROM alpine AZ build
FROM alpine AS build extra
FROM alpine AS 9lives
