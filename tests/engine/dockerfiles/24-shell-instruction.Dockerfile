FROM debian
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com | wc -l
SHELL ["/bin/sh", \
       "-c"]
