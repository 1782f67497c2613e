// site.mjs: the built page (dist/site) that the browser tests and the speed bench load.
// ensureSite() builds the wasm core when it is missing, and the site with Vite when dist/site is
// missing or older than anything under web/; startSiteServer() serves it (see static-server.mjs).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from './static-server.mjs';

export const repo = fileURLToPath(new URL('../../', import.meta.url));
export const siteDir = join(repo, 'dist', 'site');

function newestMtime(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

let built = false;
export async function ensureSite() {
  if (built) return;
  if (!existsSync(join(repo, 'web/lib/wasm/poolgrad-core.mjs'))) {
    execFileSync('bash', ['scripts/build.sh', 'wasm'], { cwd: repo, stdio: 'inherit' });
  }
  const index = join(siteDir, 'index.html');
  if (!existsSync(index) || statSync(index).mtimeMs < newestMtime(join(repo, 'web'))) {
    const { build } = await import('vite');
    await build({ configFile: join(repo, 'web/site/vite.config.js'), logLevel: 'warn' });
  }
  built = true;
}

/**
 * Serves dist/site (built first when stale), or the built site `root` instead (the speed bench's
 * --compare), with `csp` as its Content-Security-Policy and `extra` in-memory pages.
 */
export async function startSiteServer({ csp, extra = {}, root } = {}) {
  if (!root) await ensureSite();
  const headers = csp ? { 'Content-Security-Policy': csp } : {};
  return serveStatic(root ?? siteDir, { headers, extra });
}
