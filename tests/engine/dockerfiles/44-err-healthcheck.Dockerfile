FROM alpine
HEALTHCHECK --interval=30 CMD true
HEALTHCHECK --timeout=5 --retries=-1 CMD true
HEALTHCHECK NONE now
HEALTHCHECK --interval=10s
HEALTHCHECK TEST true
HEALTHCHECK --intervall=5s CMD true
