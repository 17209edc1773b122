FROM debian
RUN apt-get update &&
    apt-get install -y curl
ENV A=1 B
COPY onlyone
EXPOSE 8080:80
USER
