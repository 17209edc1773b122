FROM alpine
VOLUME /var/lib/data
VOLUME /a /b
VOLUME ["/c", "/d"]
VOLUME ["/e"
