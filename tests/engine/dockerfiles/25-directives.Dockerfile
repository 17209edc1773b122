#syntax = docker/dockerfile:1.7
# check=skip=StageNameCasing;error=true
#   escape=\

FROM alpine
