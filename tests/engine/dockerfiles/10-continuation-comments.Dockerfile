FROM ubuntu:24.04
RUN apt-get update \
    # the comment lines inside a continuation are skipped
    && apt-get install -y \
        git \

        make \
  # indented comment
        gcc \   
    && rm -rf /var/lib/apt/lists/*
# a normal comment
CMD make
