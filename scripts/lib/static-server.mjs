// static-server.mjs: the one static file server of every browser test, the benchmarks and the
// package tests. serveStatic(root, options) serves the files under `root` on 127.0.0.1 at a free
// port and resolves to { origin, url, close } (`url` is `origin`, for readers of the old name).
//   headers: added to every answer (a Content-Security-Policy, Access-Control-Allow-Origin...).
//   prefix:  the URL path the files are served under ('/cdn/poolgrad@0.1.0/'); other paths: 404.
//   extra:   { '/path': { type, body } } answered from memory before any file.
// A path is never served from outside `root` (403), a missing file is a 404, never a hang.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json',
  '.wasm': 'application/wasm', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.ico': 'image/x-icon',
};

/** The Content-Type for a file name (application/octet-stream for an unknown extension). */
export function contentType(file) {
  return TYPES[extname(file)] ?? 'application/octet-stream';
}

/**
 * The request's path on this server. A path that starts with "//" (//host.example/index.html) is a
 * path here, not a host: the files are served under it as at the root (the hardening test loads
 * the page there).
 */
function requestPath(rawUrl) {
  const target = rawUrl.startsWith('//') ? rawUrl.replace(/^\/\/[^/?#]*/, '') || '/' : rawUrl;
  try {
    return decodeURIComponent(new URL(target, 'http://x').pathname);
  } catch {
    return null; // a malformed %-escape
  }
}

export async function serveStatic(root, { headers = {}, prefix = '/', extra = {} } = {}) {
  const base = resolve(root);
  const answer = (res, status, type, body) => {
    res.writeHead(status, type ? { 'Content-Type': type, ...headers } : headers);
    res.end(body);
  };
  // (room for a URL as long as browsers take: a query of up to 2 MiB)
  const server = createServer({ maxHeaderSize: 8 << 20 }, async (req, res) => {
    const path = requestPath(req.url);
    if (path === null) return answer(res, 400);
    if (Object.hasOwn(extra, path)) return answer(res, 200, extra[path].type, extra[path].body);
    if (!path.startsWith(prefix)) return answer(res, 404);
    let relative = path.slice(prefix.length);
    if (relative === '' || relative.endsWith('/')) relative += 'index.html';
    const file = normalize(join(base, relative));
    if (!file.startsWith(base + sep)) return answer(res, 403);
    let body;
    try {
      body = await readFile(file);
    } catch {
      return answer(res, 404, 'text/plain; charset=utf-8', 'not found');
    }
    return answer(res, 200, contentType(file), body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, url: origin, close: () => new Promise((ok) => server.close(ok)) };
}
