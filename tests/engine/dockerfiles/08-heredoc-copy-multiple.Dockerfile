FROM nginx:alpine
COPY <<index.html <<style.css /usr/share/nginx/html/
<!doctype html>
<h1>Hello</h1>
index.html
h1 { color: teal; }
style.css
ADD --chmod=755 <<run.sh /usr/local/bin/
#!/bin/sh
exec nginx -g 'daemon off;'
run.sh
COPY <<EOF /etc/motd
EOF
CMD ["run.sh"]
