import http from 'node:http';
import pg from 'pg';
import * as grpc from '@grpc/grpc-js';
import { trace } from '@opentelemetry/api';
console.log('grpc patched?', String(grpc.Server.prototype.register).includes('wrapped') || !!grpc.Server.prototype.register.__wrapped, typeof grpc.makeGenericClientConstructor.__wrapped);
const server = http.createServer(async (req, res) => {
  const c = new pg.Client('postgres://postgres@127.0.0.1:5432/postgres'); await c.connect(); await c.query('select 1'); await c.end();
  res.end('ok');
});
server.listen(0, async () => {
  const { port } = server.address();
  await fetch(`http://127.0.0.1:${port}/`).then(r => r.text());
  await new Promise(r => http.get(`http://127.0.0.1:${port}/`, res => { res.resume(); res.on('end', r); }));
  server.close();
});
