import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { notify } from '../../workflows/notifications/notify';
import { useTestDatabase } from '../support/postgres';
import { expectAccessible } from './support/axe-check';
import { openWebBrowser, SCREENSHOT_DIR, WEB_APP, type WebBrowser } from './support/web-browser';
import { PASSWORD, seedWorld, startApp, type RunningApp, type World } from './support/world';

/**
 * Integration of the top bar at a phone's width (390 px): the search box (SEARCH) and the bell (DAILY-B)
 * sit together in web/src/components/layout.tsx with the name, unit, language and sign-out. Both are
 * reached by the keyboard alone and work (the search opens #/search with the words, the bell opens its
 * list inside the screen, Escape closes it); the page never scrolls sideways, in either language; axe.
 */
describe('top bar at 390 px: search box and bell together (Chromium)', function () {
  this.timeout(180_000);
  const t = useTestDatabase();
  let app: RunningApp;
  let browser: WebBrowser;
  let page: Page;
  let w: World;

  before(async function () {
    w = await seedWorld(t.db);
    app = await startApp(t.db);
    browser = await openWebBrowser({ viewport: { width: 390, height: 844 } });
    page = browser.page;
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  const url = (hash = '') => `${app.server.baseUrl}${WEB_APP}${hash}`;

  /** Sideways overflow of the document and of the top bar, and top-bar boxes reaching past the screen. */
  async function overflow(): Promise<{ page: number; topbar: number; outside: string[] }> {
    return page.evaluate(() => {
      const root = document.documentElement;
      const bar = document.querySelector('header.topbar') as HTMLElement;
      const outside = Array.from(bar.querySelectorAll<HTMLElement>('a, button, input, .who'))
        .filter((e) => e.getClientRects().length > 0)
        .filter((e) => {
          const r = e.getBoundingClientRect();
          return r.left < 0 || r.right > window.innerWidth + 0.5;
        })
        .map((e) =>
          `${e.tagName.toLowerCase()} ${e.getAttribute('aria-label') ?? e.textContent ?? ''}`.trim(),
        );
      return {
        page: root.scrollWidth - root.clientWidth,
        topbar: bar.scrollWidth - bar.clientWidth,
        outside,
      };
    });
  }

  /** Tabs from the top of the page; the accessible names (or labels) met in order, up to `max`. */
  async function tabUntil(target: (name: string) => boolean, max = 15): Promise<string[]> {
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      window.scrollTo(0, 0);
    });
    const seen: string[] = [];
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      const name = await page.evaluate(() => {
        const e = document.activeElement as HTMLElement | null;
        if (!e || e === document.body) return '';
        const labelled = e.id
          ? document.querySelector(`label[for="${CSS.escape(e.id)}"]`)?.textContent
          : null;
        return (e.getAttribute('aria-label') ?? labelled ?? e.textContent ?? '').trim();
      });
      seen.push(name);
      if (target(name)) return seen;
    }
    return seen;
  }

  it('reaches the search box and the bell by keyboard, both work, nothing scrolls sideways; axe in vi and en', async () => {
    await t.db.transaction((m) =>
      notify(m, {
        kind: 'incoming.to_assign',
        recipients: { userIds: [w.users.leader.id] },
        subject: {
          vi: 'Văn bản đến chờ phân công: Về việc phòng, chống thiên tai và tìm kiếm cứu nạn năm 2026',
          en: 'To assign: natural disaster prevention and search and rescue in 2026',
        },
        link: '#/inbox',
        at: app.clock.now(),
      }),
    );
    await page.goto(url());
    await page.getByLabel('Tên đăng nhập').fill(w.users.leader.username);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { level: 1, name: /^Xin chào/ }).waitFor();
    await page.getByRole('button', { name: 'Thông báo, 1 chưa đọc' }).waitFor();

    expect(await overflow()).to.deep.equal({ page: 0, topbar: 0, outside: [] });
    await page.screenshot({ path: `${SCREENSHOT_DIR}/topbar-390.png` });
    await expectAccessible(page, 'top bar at 390 px (vi)');

    // The search box by keyboard: typed words and Enter open the search page with them.
    const toSearch = await tabUntil((n) => n === 'Tìm văn bản');
    expect(toSearch.at(-1), `tab order: ${toSearch.join(' | ')}`).to.equal('Tìm văn bản');
    await page.keyboard.type('quyet dinh');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/search\?q=quyet(\+|%20)dinh/);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await overflow()).to.deep.equal({ page: 0, topbar: 0, outside: [] });

    // The bell by keyboard, right after the search box: its list opens inside the screen, Escape closes it.
    const toBell = await tabUntil((n) => n.startsWith('Thông báo'));
    expect(toBell.at(-1), `tab order: ${toBell.join(' | ')}`).to.equal('Thông báo, 1 chưa đọc');
    expect(toBell.indexOf('Tìm văn bản')).to.equal(toBell.length - 2);
    await page.keyboard.press('Enter');
    const panel = page.getByRole('region', { name: 'Thông báo' });
    await panel.getByRole('listitem').first().waitFor();
    const box = (await panel.boundingBox())!;
    expect(box.x).to.be.at.least(0);
    expect(box.x + box.width).to.be.at.most(390);
    expect(await overflow()).to.deep.equal({ page: 0, topbar: 0, outside: [] });
    await page.screenshot({ path: `${SCREENSHOT_DIR}/topbar-390-bell.png` });
    await expectAccessible(page, 'bell open at 390 px (vi)');
    // The list's own controls are next in the tab order.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('.bell-panel') !== null)).to.equal(true);
    await page.keyboard.press('Escape');
    expect(await panel.count()).to.equal(0);
    // Focus back on the bell (its name says 'Thông báo' alone while the count is asked again).
    await page.waitForFunction(
      () => document.activeElement?.getAttribute('aria-label') === 'Thông báo, 1 chưa đọc',
    );

    // English labels are longer: still no sideways scroll, both still reachable.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor();
    expect(await overflow()).to.deep.equal({ page: 0, topbar: 0, outside: [] });
    const en = await tabUntil((n) => n.startsWith('Notifications'));
    expect(en, `tab order: ${en.join(' | ')}`).to.include('Find documents');
    expect(en.at(-1)).to.equal('Notifications, 1 unread');
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'Notifications' }).getByRole('listitem').first().waitFor();
    expect(await overflow()).to.deep.equal({ page: 0, topbar: 0, outside: [] });
    await expectAccessible(page, 'bell open at 390 px (en)');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    expect(browser.problems).to.deep.equal([]);
  });
});
