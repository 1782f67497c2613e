// serve.mjs: what `npm start` runs after building the wasm. Starts the Vite dev server for the
// page (web/site) on localhost, port 5173 or $PORT, prints the URLs, and keeps running. The widget
// is served unbundled at /widget/index.js, with Access-Control-Allow-Origin: * (web/site/widget-files.js).
import { createServer } from 'vite';
import { fileURLToPath } from 'node:url';
import { readOptions } from './lib/cli.mjs';

readOptions({ name: 'serve', usage: 'usage: [PORT=5173] node scripts/serve.mjs (no options)', options: {} });

const port = Number(process.env.PORT || 5173);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`serve: PORT must be an integer from 0 to 65535, got "${process.env.PORT}"`);
  process.exit(2);
}

const server = await createServer({
  configFile: fileURLToPath(new URL('../web/site/vite.config.js', import.meta.url)),
  logLevel: 'warn',
  server: { host: 'localhost', port, strictPort: Boolean(process.env.PORT) },
});
await server.listen();
const url = server.resolvedUrls?.local?.[0] ?? `http://localhost:${server.config.server.port}/`;
console.log(`\n  poolgrad page:  ${url}`);
console.log(`  embed page:     ${url}embed.html`);
console.log(`  for authors:    ${url}authors.html (the embed snippets)`);
console.log(`  the widget:     ${url}widget/index.js (any origin may load it)\n  (Ctrl+C to stop)\n`);

const stop = async () => { await server.close(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
