// A small HTTP microservice: answers on port 8080 with its name, version and host.
const express = require('express');
const os = require('os');

const app = express();
const port = process.env.PORT || 8080;
const version = process.env.APP_VERSION || '1.0.0';

app.get('/', (req, res) => {
  res.json({ service: 'my-microservice', version, host: os.hostname() });
});

app.get('/healthz', (req, res) => res.send('ok'));

app.listen(port, () => {
  console.log(`my-microservice ${version} listening on port ${port}`);
});
