import { expect } from 'chai';
import { notify } from '../../workflows/notifications/notify';
import { useTestDatabase } from '../support/postgres';
import { PASSWORD, seedWorld, startApp, type RunningApp, type World } from './support/world';

describe('server/routes/notification-routes (the bell API)', () => {
  const t = useTestDatabase();
  let app: RunningApp;
  let w: World;

  before(async () => {
    w = await seedWorld(t.db);
    app = await startApp(t.db);
  });
  after(() => app.close());

  async function loginAs(username: string) {
    const r = await app.server.json('POST', '/api/auth/login', { json: { username, password: PASSWORD } });
    const cookie = /vanban_session=[^;]*/.exec(r.headers.get('set-cookie') ?? '')?.[0] ?? '';
    const headers = { cookie, 'x-csrf-token': r.body.csrfToken as string };
    return {
      get: (p: string) => app.server.json('GET', p, { headers }),
      post: (p: string, json?: unknown) => app.server.json('POST', p, { headers, json }),
      put: (p: string, json?: unknown) => app.server.json('PUT', p, { headers, json }),
    };
  }

  it('lists the caller’s own notifications newest first with the unread count; marks one and all read; another’s is 404', async () => {
    for (const [i, subject] of [
      'Văn bản đến: Về việc A',
      'Văn bản đến: Về việc B',
      'Văn bản đến: Về việc C',
    ].entries())
      await t.db.transaction((m) =>
        notify(m, {
          kind: 'incoming.arrived',
          recipients: { userIds: [w.users.clerk.id] },
          subject: { vi: subject, en: `Incoming ${i}` },
          link: `#/inbox/${i}`,
          at: new Date(Date.UTC(2025, 6, 1, i)),
        }),
      );
    await t.db.transaction((m) =>
      notify(m, {
        kind: 'outgoing.to_sign',
        recipients: { userIds: [w.users.leader.id] },
        subject: { vi: 'Chờ ký', en: 'To sign' },
      }),
    );
    const clerk = await loginAs('bl.clerk');
    const list = await clerk.get('/api/notifications?limit=2');
    expect(list.status).to.equal(200);
    expect(list.body.unreadCount).to.equal(3);
    expect(list.body.items.map((n: { subject: { vi: string } }) => n.subject.vi)).to.deep.equal([
      'Văn bản đến: Về việc C',
      'Văn bản đến: Về việc B',
    ]);
    const rest = await clerk.get(`/api/notifications?limit=2&cursor=${list.body.nextCursor}`);
    expect(rest.body.items.map((n: { link: string }) => n.link)).to.deep.equal(['#/inbox/0']);
    expect(rest.body.nextCursor).to.equal(null);

    const read = await clerk.post(`/api/notifications/${list.body.items[0].id}/read`);
    expect(read.status).to.equal(200);
    expect(read.body.unreadCount).to.equal(2);
    expect((await clerk.get('/api/notifications?unread=true')).body.items).to.have.length(2);

    const leader = await loginAs('bl.leader');
    const leaders = await leader.get('/api/notifications');
    expect(leaders.body.items).to.have.length(1);
    const foreign = await clerk.post(`/api/notifications/${leaders.body.items[0].id}/read`);
    expect(foreign.status).to.equal(404);
    expect(foreign.body.error.code).to.equal('NOTIFICATION_NOT_FOUND');
    expect(foreign.body.error.messageVi).to.equal('Không tìm thấy thông báo');

    const all = await clerk.post('/api/notifications/read-all');
    expect(all.body).to.deep.equal({ marked: 2, unreadCount: 0 });
    expect((await clerk.post('/api/notifications/read-all')).body.marked).to.equal(0);
    expect((await leader.get('/api/notifications')).body.unreadCount).to.equal(1);
  });

  it('needs a session; bad input is 400 with a code', async () => {
    const anon = await app.server.json('GET', '/api/notifications');
    expect(anon.status).to.equal(401);
    const clerk = await loginAs('bl.clerk');
    expect((await clerk.post('/api/notifications/not-a-uuid/read')).status).to.equal(400);
    const bad = await clerk.put('/api/notifications/preferences', {
      kinds: [{ kind: 'nope', inApp: true, email: true }],
    });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.code).to.equal('VALIDATION_FAILED');
    const badMail = await clerk.put('/api/notifications/preferences', { email: 'không phải thư' });
    expect(badMail.status).to.equal(400);
  });

  it('saves the e-mail address and per-kind channels; a kind turned off on the bell is not listed', async () => {
    const spec = await loginAs('bl.specialist');
    const before = await spec.get('/api/notifications/preferences');
    expect(before.body.email).to.equal(null);
    expect(before.body.kinds.find((k: { kind: string }) => k.kind === 'outgoing.returned')).to.deep.include({
      inApp: true,
      email: true,
      label: { vi: 'Dự thảo bị trả lại', en: 'Draft returned' },
    });
    const saved = await spec.put('/api/notifications/preferences', {
      email: 'huong.nt@benluc.test',
      kinds: [{ kind: 'outgoing.returned', inApp: false, email: true }],
    });
    expect(saved.status).to.equal(200);
    expect(saved.body.email).to.equal('huong.nt@benluc.test');
    await t.db.transaction((m) =>
      notify(m, {
        kind: 'outgoing.returned',
        recipients: { userIds: [w.users.specialist.id] },
        subject: { vi: 'Dự thảo bị trả lại', en: 'Draft returned' },
      }),
    );
    expect((await spec.get('/api/notifications')).body.items).to.have.length(0);
    const mails: { n: number }[] = await t.db.query(
      `SELECT count(*)::int AS n FROM jobs WHERE kind = 'notification.mail'`,
    );
    expect(mails[0]!.n).to.equal(1);
  });
});
