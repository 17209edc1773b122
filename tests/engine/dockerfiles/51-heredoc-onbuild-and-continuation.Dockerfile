FROM alpine
RUN <<EOF \
    sh -e
echo from heredoc
EOF
ONBUILD COPY <<conf.ini /etc/
[section]
key=value
conf.ini
