// The peer of the fan-out figures: a plain Node `http` server-sent-events broadcast, nothing else.
// GET /stream holds the response open (one `resync` event first, as our stream sends); POST /broadcast
// writes one `changed` event to every open response. Run as its own process, like the real server.
import { createServer } from 'node:http';

const open = new Set();
const CHANGED = 'data: {"type":"changed","collection":"clients"}\n\n';

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url?.startsWith('/stream')) {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    res.write('data: {"type":"resync"}\n\n');
    open.add(res);
    res.on('close', () => open.delete(res));
    return;
  }
  if (req.method === 'POST' && req.url === '/broadcast') {
    req.resume();
    req.on('end', () => {
      for (const stream of open) stream.write(CHANGED);
      res.writeHead(204).end();
    });
    return;
  }
  res.writeHead(404).end();
});
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`sse-peer listening on ${server.address().port}\n`));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
