// Accessibility check of the page as it stands: axe-core (WCAG 2.1 A/AA rules) run inside the page.
// The script is evaluated through the DevTools protocol, not added as a <script>, so the page's strict
// CSP stays as it is. Every page test calls expectAccessible(page) in each language.
import { expect } from 'chai';
import fs from 'node:fs';
import type { Page } from 'playwright-core';

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: string[];
}

/** The serious and critical violations on the page (WCAG 2.0/2.1 A and AA). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => 'axe' in globalThis);
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<any> } })
      .axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      // The app's only frames are PDF previews (Chromium's PDF viewer, not our markup): axe is not
      // loaded in them, and asking them anyway throws "Assertion failed" in the page.
      iframes: false,
      resultTypes: ['violations'],
    });
    return (result.violations as any[]).map((v) => ({
      id: v.id as string,
      impact: v.impact as string | null,
      help: v.help as string,
      nodes: (v.nodes as any[]).slice(0, 5).map((n) => (n.target as string[]).join(' ')),
    }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Fails with the list of serious or critical violations (`what` names the page and language). */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).to.deep.equal([]);
}
