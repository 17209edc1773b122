FROM alpine AS build
RUN echo one
FROM alpine AS BUILD
RUN echo two
