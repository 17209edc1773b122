FROM node:20
CMD ["node", "app.js"
ENTRYPOINT ["tini", \
    "--"
