#!/usr/bin/env node
/**
 * Takes the screenshot of the compliance report that the README shows
 * (docs/compliance-report.png), from cdk.out/compliance/compliance-report.html in
 * Debian's headless Chromium:
 *
 *   npm run synth && node -r ./scripts/register-ts.cjs scripts/report-screenshot.ts
 *
 * It opens DPP 2.4 in prod, as a reviewer would. It also exports how the project
 * launches Chromium, which the HTML report's test uses (test/lib/report/compliance-html.test.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); `.ci/run` installs it when it is missing. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Headless, no sandbox (CI runs as root), and nothing that reaches the network by itself. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Chromium with a new, empty profile, removed by `close()`. (Playwright takes the
 * profile directory as an argument of a persistent context, not as `--user-data-dir`.)
 */
export async function launchChromium(
  viewport = { width: 1400, height: 900 },
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

async function main(): Promise<number> {
  const root = path.join(__dirname, '..');
  const html = path.join(root, 'cdk.out', 'compliance', 'compliance-report.html');
  if (!fs.existsSync(html)) {
    console.error(`${html} not found: run npm run synth first`);
    return 2;
  }
  const { context, close } = await launchChromium({ width: 1280, height: 1700 });
  try {
    const page = await context.newPage();
    await page.goto(`file://${html}`);
    await page.locator('input[name="policy"][value="AUP"]').uncheck();
    await page.locator('input[name="policy"][value="DUP"]').uncheck();
    await page.locator('button[aria-controls="DPP-2.4--Prod"]').click();
    await page.evaluate('window.scrollTo(0, 0)');
    const out = path.join(root, 'docs', 'compliance-report.png');
    await page.screenshot({ path: out });
    console.log(`wrote ${path.relative(root, out)}`);
    return 0;
  } finally {
    await close();
  }
}

if (require.main === module) {
  main().then((code) => (process.exitCode = code));
}
