import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { expect } from 'chai';
import { mailNotificationHandlers } from '../../../server/jobs/mail-notifications';
import { claimJobs } from '../../../workflows/exchange/claim-jobs';
import { runJob } from '../../../workflows/exchange/run-job';
import { notify, NOTIFICATION_MAIL_JOB } from '../../../workflows/notifications/notify';
import { useTestDatabase } from '../../support/postgres';
import { FixedClock, insertActor, insertUnit } from '../fixtures';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** Decodes RFC 2047 encoded words (=?UTF-8?B?…?= / =?UTF-8?Q?…?=) of a header value. */
function decodeHeader(v: string): string {
  return v
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

/** Headers (unfolded) and the decoded text body of a single-part message. */
function parseMail(raw: string): { headers: Map<string, string>; body: string } {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = new Map<string, string>();
  for (const line of head!.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
  }
  const encoded = rest.join('\n\n');
  const cte = headers.get('content-transfer-encoding')?.toLowerCase();
  const body =
    cte === 'base64'
      ? Buffer.from(encoded, 'base64').toString('utf8')
      : cte === 'quoted-printable'
        ? Buffer.from(
            encoded
              .replace(/=\r?\n/g, '')
              .replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8')
        : encoded;
  return { headers, body };
}

describe('server/jobs/mail-notifications against a real SMTP server process', function () {
  this.timeout(60_000);
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2026-12-07T09:00:00+07:00'));
  let smtp: ChildProcess;
  let port = 0;
  const inbox: Received[] = [];
  let waiters: (() => void)[] = [];

  before(async () => {
    smtp = spawn(process.execPath, [path.join(__dirname, 'smtp-sink.cjs')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = readline.createInterface({ input: smtp.stdout! });
    await new Promise<void>((resolve, reject) => {
      smtp.once('exit', (code) => reject(new Error(`smtp-sink exited ${code}`)));
      lines.on('line', (l) => {
        const msg = JSON.parse(l) as { port?: number } & Received;
        if (msg.port) {
          port = msg.port;
          resolve();
        } else {
          inbox.push(msg);
          waiters.forEach((w) => w());
          waiters = [];
        }
      });
    });
  });

  after(() => {
    smtp?.kill('SIGTERM');
  });

  const nextMail = (count: number) =>
    new Promise<void>((resolve) => {
      if (inbox.length >= count) resolve();
      else waiters.push(() => inbox.length >= count && resolve());
    });

  it('sends the Vietnamese subject and body (UTF-8) by the job, to the users with an address who did not turn e-mail off', async () => {
    const unitId = await insertUnit(t.db, { code: '000.00.73.H01', name: 'Sở Xây dựng', level: 'province' });
    const clerk = await insertActor(t.db, unitId, 'mail.clerk', ['clerk']);
    const other = await insertActor(t.db, unitId, 'mail.other', ['clerk']);
    const noMail = await insertActor(t.db, unitId, 'mail.none', ['clerk']);
    await t.db.query(`UPDATE users SET email = $2, full_name = 'Nguyễn Thị Hà' WHERE id = $1`, [
      clerk.userId,
      'ha.nt@soxaydung.test',
    ]);
    await t.db.query(`UPDATE users SET email = 'other@soxaydung.test' WHERE id = $1`, [other.userId]);
    await t.db.query(
      `INSERT INTO notification_opt_outs (user_id, kind, channel) VALUES ($1, 'incoming.arrived', 'email')`,
      [other.userId],
    );
    void noMail;
    await t.db.transaction((m) =>
      notify(m, {
        kind: 'incoming.arrived',
        recipients: { unitId, roles: ['clerk'] },
        subject: {
          vi: 'Văn bản đến khẩn: Về việc phòng chống lũ lụt',
          en: 'Urgent incoming: flood prevention',
        },
        link: '#/inbox/abc',
        urgent: true,
        at: clock.now(),
      }),
    );
    const jobs = await claimJobs(t.db, { workerId: 'w', now: clock.now(), kinds: [NOTIFICATION_MAIL_JOB] });
    expect(jobs).to.have.length(1); // only the clerk with an address and e-mail on
    const handlers = mailNotificationHandlers({
      mail: { smtpUrl: `smtp://127.0.0.1:${port}`, from: 'VanBan Long Giang <no-reply@longgiang.test>' },
      publicUrl: 'https://vanban.longgiang.test',
    });
    expect(await runJob(t.db, jobs[0]!, handlers, { workerId: 'w', clock })).to.equal('done');
    await nextMail(1);
    expect(inbox).to.have.length(1);
    const got = inbox[0]!;
    expect(got.to).to.deep.equal(['ha.nt@soxaydung.test']);
    expect(got.from).to.equal('no-reply@longgiang.test');
    const { headers, body } = parseMail(Buffer.from(got.raw, 'base64').toString('utf8'));
    expect(decodeHeader(headers.get('subject')!)).to.equal(
      '[KHẨN] Văn bản đến khẩn: Về việc phòng chống lũ lụt',
    );
    expect(headers.get('content-type')).to.match(/text\/plain; charset=utf-8/i);
    expect(headers.get('x-vanban-kind')).to.equal('incoming.arrived');
    expect(decodeHeader(headers.get('to')!)).to.contain('Nguyễn Thị Hà');
    expect(body).to.contain('Kính gửi Nguyễn Thị Hà');
    expect(body).to.contain('Văn bản đến khẩn: Về việc phòng chống lũ lụt');
    expect(body).to.contain('https://vanban.longgiang.test/#/inbox/abc');
  });

  it('retries when the SMTP server is unreachable (the job is not lost)', async () => {
    const unitId = await insertUnit(t.db, { code: '000.00.74.H01', name: 'Sở Y tế', level: 'province' });
    const u = await insertActor(t.db, unitId, 'mail.retry', ['leader']);
    await t.db.query(`UPDATE users SET email = 'retry@soyte.test' WHERE id = $1`, [u.userId]);
    await t.db.transaction((m) =>
      notify(m, {
        kind: 'outgoing.to_sign',
        recipients: { userIds: [u.userId] },
        subject: { vi: 'Văn bản chờ ký', en: 'To sign' },
        at: clock.now(),
      }),
    );
    const [job] = await claimJobs(t.db, { workerId: 'w', now: clock.now(), kinds: [NOTIFICATION_MAIL_JOB] });
    const closed = mailNotificationHandlers({
      mail: { smtpUrl: 'smtp://127.0.0.1:1', from: 'no-reply@longgiang.test' },
      publicUrl: 'https://vanban.longgiang.test',
    });
    expect(await runJob(t.db, job!, closed, { workerId: 'w', clock })).to.equal('retry');
  });
});
