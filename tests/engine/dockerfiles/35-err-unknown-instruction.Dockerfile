FROM alpine
FORM alpine
RUN echo ok
EXPOSED 80
FOOBAR baz
