// Browser tests (issue #8): Playwright drives Debian's Chromium (/usr/bin/chromium, or $CHROMIUM)
// against the real Go binary (../../bin/jiangxin, which embeds web/dist) serving the demo city.
// No browser is ever downloaded. Two projects: a desktop window and a phone (390×844, touch).
//
// The phone project runs every spec but those tagged @desktop (checks of logic that does not depend
// on the screen, kept to one run to save time).
//
// Each project gets its own server on its own fresh data directory, so both start from the
// pristine demo city and one project's writes never surprise the other:
//   desktop → 127.0.0.1:$E2E_PORT (default 18080), phone → 127.0.0.1:$E2E_PORT+1.
// The data directories live under one temporary folder removed when the run ends.
//
//   npx playwright test                      both projects (build the UI and the binary first:
//                                            scripts/ui.sh && go build -o bin/jiangxin ./cmd/jiangxin)
//   npx playwright test --project=desktop    one project
//   E2E_PORT=19000 npx playwright test       other ports
//   JIANGXIN_BIN=/tmp/jx npx playwright test another binary
//   E2E_WORKERS=2 npx playwright test        desktop and phone side by side
import { defineConfig, devices } from '@playwright/test'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const repo = path.resolve(here, '../..')

const chromium = process.env.CHROMIUM || '/usr/bin/chromium'
const bin = path.resolve(repo, process.env.JIANGXIN_BIN || 'bin/jiangxin')
const basePort = Number(process.env.E2E_PORT || 18080)

// The config is evaluated by the runner and again by every worker; only the runner makes the
// temporary folder, and the workers inherit its name through the environment.
if (!process.env.E2E_DATA_ROOT) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'jiangxin-e2e-'))
  process.env.E2E_DATA_ROOT = root
  process.on('exit', () => fs.rmSync(root, { recursive: true, force: true }))
}
const dataRoot = process.env.E2E_DATA_ROOT

// Flags from the machine notes: without the background-networking ones Chromium keeps trying to
// reach its vendor's hosts, which this closed network refuses.
const chromiumArgs = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
]

const targets = [
  { name: 'desktop', port: basePort },
  { name: 'phone', port: basePort + 1 },
]

function server(name: string, port: number) {
  const data = path.join(dataRoot, name)
  return {
    command: `"${bin}" serve --demo --addr 127.0.0.1:${port} --data "${data}" --log-level warn`,
    cwd: repo,
    url: `http://127.0.0.1:${port}/readyz`,
    // Loading the demo city and indexing it takes ~10 s alone; two at once on 2 cores take longer.
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
  }
}

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-output/playwright',
  fullyParallel: false,
  // One worker by default (a 2-core machine). E2E_WORKERS=2 runs the two projects side by side;
  // each project still runs its files one at a time against its own server.
  workers: Number(process.env.E2E_WORKERS || 1),
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: './test-output/report' }]],
  use: {
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: chromium, args: chromiumArgs },
  },
  projects: [
    {
      name: 'desktop',
      workers: 1,
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1366, height: 900 },
        baseURL: `http://127.0.0.1:${targets[0].port}`,
      },
    },
    {
      name: 'phone',
      workers: 1,
      grepInvert: /@desktop/,
      use: {
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        userAgent: devices['Pixel 7'].userAgent,
        baseURL: `http://127.0.0.1:${targets[1].port}`,
      },
    },
  ],
  webServer: targets.map((t) => server(t.name, t.port)),
})
