FROM ubuntu
MAINTAINER "The Team" <team@example.com>
