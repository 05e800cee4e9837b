// What one request/response over loopback TCP costs this machine in CPU, the unit every hop of the
// benchmarks pays (client → service → PostgreSQL / NATS and back). Not part of `npm run bench`:
//   node test/load/loopback-roundtrip.mjs
// Prints a table: round trips within one process, and between two processes (each side's CPU).
import { fork } from 'node:child_process';
import net from 'node:net';
import { processCpuSeconds } from './support/cpu.sampler.mjs';

const ROUND_TRIPS = 10_000;

function echoServer() {
  return net
    .createServer((socket) => {
      socket.setNoDelay(true);
      socket.on('data', (data) => socket.write(data));
    })
    .listen(0, '127.0.0.1');
}

async function pingPong(port, serverPid) {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise((resolve) => socket.once('connect', resolve));
  const message = Buffer.alloc(64);
  const [ownBefore, serverBefore, start] = [process.cpuUsage(), processCpuSeconds(serverPid), performance.now()];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    socket.write(message);
    await new Promise((resolve) => socket.once('data', resolve));
  }
  const wallMs = performance.now() - start;
  const own = process.cpuUsage(ownBefore);
  const serverS = processCpuSeconds(serverPid) - serverBefore;
  socket.destroy();
  const perTrip = (us) => (us / ROUND_TRIPS).toFixed(0);
  return { wall: perTrip(wallMs * 1000), client: perTrip(own.user + own.system), server: perTrip(serverS * 1e6) };
}

if (process.argv[2] === 'serve') {
  const server = echoServer();
  server.on('listening', () => process.send(server.address().port));
} else {
  const local = echoServer();
  await new Promise((resolve) => local.on('listening', resolve));
  const same = await pingPong(local.address().port, process.pid);
  local.close();
  const child = fork(new URL(import.meta.url).pathname, ['serve']);
  const port = await new Promise((resolve) => child.once('message', resolve));
  const apart = await pingPong(port, child.pid);
  child.kill();
  console.log(`| ${ROUND_TRIPS} round trips of 64 bytes | wall µs each | client CPU µs each | server CPU µs each |`);
  console.log('| --- | --- | --- | --- |');
  console.log(`| one process (client and echo server) | ${same.wall} | ${same.client} (both) | – |`);
  console.log(`| two processes | ${apart.wall} | ${apart.client} | ${apart.server} |`);
}
