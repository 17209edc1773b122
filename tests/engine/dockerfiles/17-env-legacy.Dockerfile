FROM debian
ENV DEBIAN_FRONTEND noninteractive
ENV MESSAGE hello   wide   world
ENV QUOTED "a quoted value"
ENV PATH=/opt/bin:$PATH LANG=C.UTF-8
ENV EMPTY=
