# syntax=docker/dockerfile:1
FROM alpine
LABEL name="café"
