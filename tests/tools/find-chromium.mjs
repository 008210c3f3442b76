// Finds a Chromium for the e2e tests and benchmarks, provisioning one (apt or Playwright) when none exists.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** Playwright's own downloaded browser, if playwright-core knows one and the file is there. */
function playwrightChromium() {
  try {
    const path = require('playwright-core').chromium.executablePath();
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

function candidates() {
  return [
    ['CHROMIUM_PATH', () => process.env.CHROMIUM_PATH || undefined],
    ["Playwright's own Chromium", playwrightChromium],
    ['/usr/bin/chromium', () => '/usr/bin/chromium'],
    ['/usr/bin/chromium-browser', () => '/usr/bin/chromium-browser'],
  ];
}

function run(log, command, args, env = process.env) {
  log(`find-chromium: running: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env });
  if (result.error) log(`find-chromium: ${command} could not start: ${result.error.message}`);
  return result.status === 0;
}

function provision(log) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot) {
    log('find-chromium: no Chromium found; installing Debian\'s chromium with apt-get (running as root)');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const ok = run(log, 'apt-get', ['update'], env) && run(log, 'apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], env);
    for (const path of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (ok && existsSync(path)) return path;
    throw new Error('find-chromium: `apt-get update && apt-get install -y chromium` failed or left no /usr/bin/chromium. ' +
      'Install Chromium yourself and set CHROMIUM_PATH=/path/to/chromium.');
  }
  log('find-chromium: no Chromium found and not root; running `npx playwright install chromium`');
  const ok = run(log, 'npx', ['playwright', 'install', 'chromium']);
  const path = playwrightChromium();
  if (ok && path) return path;
  throw new Error('find-chromium: `npx playwright install chromium` failed (it needs to download from the internet). ' +
    'Install Chromium (Debian: `sudo apt-get install chromium`) and/or set CHROMIUM_PATH=/path/to/chromium.');
}

/**
 * Returns the path of a usable Chromium: CHROMIUM_PATH, Playwright's download, /usr/bin/chromium,
 * /usr/bin/chromium-browser, else one provisioned now. Throws with a readable message on failure.
 * @param {{ provision?: boolean, log?: (line: string) => void }} [options]
 * @returns {string}
 */
export function findChromium({ provision: mayProvision = true, log = (line) => console.error(line) } = {}) {
  for (const [source, locate] of candidates()) {
    const path = locate();
    if (!path) continue;
    if (existsSync(path)) {
      log(`find-chromium: using ${path} (${source})`);
      return path;
    }
    if (source === 'CHROMIUM_PATH') throw new Error(`find-chromium: CHROMIUM_PATH=${path} does not exist`);
  }
  if (!mayProvision) throw new Error('find-chromium: no Chromium found (CHROMIUM_PATH, Playwright, /usr/bin/chromium, /usr/bin/chromium-browser)');
  const path = provision(log);
  log(`find-chromium: using ${path} (provisioned)`);
  return path;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    console.log(findChromium({ provision: !process.argv.includes('--no-install') }));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
