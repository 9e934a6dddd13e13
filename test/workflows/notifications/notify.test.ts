import { expect } from 'chai';
import { notify, NOTIFICATION_MAIL_JOB } from '../../../workflows/notifications/notify';
import { useTestDatabase } from '../../support/postgres';
import { insertActor, insertUnit } from '../fixtures';

describe('workflows/notifications notify', () => {
  const t = useTestDatabase();
  let unitId: string;
  let otherUnitId: string;
  let leader: string;
  let clerk: string;
  let otherClerk: string;

  before(async () => {
    unitId = await insertUnit(t.db, { code: '000.00.71.H01', name: 'Sở Nội vụ', level: 'province' });
    otherUnitId = await insertUnit(t.db, { code: '000.00.72.H01', name: 'Sở Tài chính', level: 'province' });
    leader = (await insertActor(t.db, unitId, 'n.leader', ['leader'])).userId;
    clerk = (await insertActor(t.db, unitId, 'n.clerk', ['clerk'])).userId;
    otherClerk = (await insertActor(t.db, otherUnitId, 'n.clerk2', ['clerk'])).userId;
    await t.db.query(`UPDATE users SET email = 'clerk@so-noi-vu.test' WHERE id = $1`, [clerk]);
  });

  const rowsOf = async (kind: string) =>
    (await t.db.query(
      `SELECT user_id, subject_vi, link, urgent, in_app FROM notifications WHERE kind = $1 ORDER BY user_id`,
      [kind],
    )) as { user_id: string; subject_vi: string; link: string | null; urgent: boolean; in_app: boolean }[];

  it('stores one row per user of the unit holding the roles, in the caller’s transaction, and queues e-mail for addresses', async () => {
    await t.db.transaction(async (m) => {
      await notify(m, {
        kind: 'incoming.arrived',
        recipients: { unitId, roles: ['clerk'] },
        subject: { vi: 'Văn bản đến: Về việc họp', en: 'Incoming: meeting' },
        link: '#/inbox/1',
        urgent: true,
      });
    });
    const rows = await rowsOf('incoming.arrived');
    expect(rows.map((r) => r.user_id)).to.deep.equal([clerk]);
    expect(rows[0]).to.include({ subject_vi: 'Văn bản đến: Về việc họp', link: '#/inbox/1', urgent: true });
    const jobs: { payload: { notificationId: string } }[] = await t.db.query(
      `SELECT payload FROM jobs WHERE kind = $1`,
      [NOTIFICATION_MAIL_JOB],
    );
    expect(jobs).to.have.length(1);
  });

  it('rolls back with the caller’s transaction', async () => {
    await t.db
      .transaction(async (m) => {
        await notify(m, {
          kind: 'incoming.urgent',
          recipients: { userIds: [leader] },
          subject: { vi: 'x', en: 'x' },
        });
        throw new Error('the change failed');
      })
      .catch(() => undefined);
    expect(await rowsOf('incoming.urgent')).to.deep.equal([]);
  });

  it('stores one notification for the same dedupe key; never for inactive users; roles without a unit reach every unit', async () => {
    await t.db.query(`UPDATE users SET active = false WHERE id = $1`, [leader]);
    for (let i = 0; i < 2; i++)
      await t.db.transaction((m) =>
        notify(m, {
          kind: 'incoming.to_assign',
          recipients: { userIds: [leader], roles: ['clerk'] },
          subject: { vi: 'Sắp đến hạn', en: 'Due soon' },
          dedupeKey: 'due:1',
        }),
      );
    await t.db.query(`UPDATE users SET active = true WHERE id = $1`, [leader]);
    expect((await rowsOf('incoming.to_assign')).map((r) => r.user_id).sort()).to.deep.equal(
      [clerk, otherClerk].sort(),
    );
  });

  it('honours opt-outs per kind and channel: bell off keeps the e-mail, both off stores nothing', async () => {
    await t.db.query(
      `INSERT INTO notification_opt_outs (user_id, kind, channel) VALUES ($1, 'incoming.assigned', 'in_app'), ($2, 'incoming.assigned', 'in_app'), ($2, 'incoming.assigned', 'email')`,
      [clerk, leader],
    );
    await t.db.transaction((m) =>
      notify(m, {
        kind: 'incoming.assigned',
        recipients: { userIds: [clerk, leader] },
        subject: { vi: 'a', en: 'a' },
      }),
    );
    const rows = await rowsOf('incoming.assigned');
    expect(rows).to.have.length(1);
    expect(rows[0]).to.include({ user_id: clerk, in_app: false });
  });
});
