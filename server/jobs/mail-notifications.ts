import nodemailer from 'nodemailer';
import type { JobHandler } from '../../workflows/exchange/job';
import { NOTIFICATION_MAIL_JOB } from '../../workflows/notifications/notify';

export interface MailNotificationDeps {
  /** SMTP_URL and MAIL_FROM; undefined: no e-mail (the job completes without sending). */
  readonly mail?: { readonly smtpUrl: string; readonly from: string };
  /** PUBLIC_URL: the links in the mails open `${publicUrl}/${link}`. */
  readonly publicUrl: string;
}

interface MailRow {
  email: string | null;
  full_name: string;
  kind: string;
  subject_vi: string;
  subject_en: string;
  link: string | null;
  urgent: boolean;
  opted_out: boolean;
}

/** The mail of one notification: Vietnamese first, English below; plain text, UTF-8. */
export function notificationMail(
  r: Pick<MailRow, 'full_name' | 'subject_vi' | 'subject_en' | 'link' | 'urgent'>,
  publicUrl: string,
): { subject: string; text: string } {
  const url = r.link ? `${publicUrl.replace(/\/$/, '')}/${r.link}` : publicUrl;
  const subject = `${r.urgent ? '[KHẨN] ' : ''}${r.subject_vi}`;
  const text =
    `Kính gửi ${r.full_name},\n\n${r.subject_vi}\n\nXem tại: ${url}\n\n` +
    `— Hệ thống quản lý văn bản VanBan (thư tự động, vui lòng không trả lời).\n\n` +
    `${r.subject_en}\nOpen: ${url}\n`;
  return { subject, text };
}

/**
 * Job handler for `notification.mail`: sends the e-mail of one notification through the configured SMTP
 * server (never in a request; a failure is retried with the job runner's back-off). Skipped when mail is
 * not configured, the address was removed or the user has since turned e-mail off for the kind.
 */
export function mailNotificationHandlers(deps: MailNotificationDeps): Record<string, JobHandler> {
  const transport = deps.mail ? nodemailer.createTransport(deps.mail.smtpUrl) : undefined;
  const handler: JobHandler = async (m, job) => {
    if (!transport || !deps.mail) return;
    const rows: MailRow[] = await m.query(
      `SELECT u.email, u.full_name, n.kind, n.subject_vi, n.subject_en, n.link, n.urgent,
              EXISTS (SELECT 1 FROM notification_opt_outs o
                      WHERE o.user_id = u.id AND o.kind = n.kind AND o.channel = 'email') AS opted_out
       FROM notifications n JOIN users u ON u.id = n.user_id
       WHERE n.id = $1 AND u.active`,
      [String(job.payload.notificationId)],
    );
    const r = rows[0];
    if (!r || !r.email || r.opted_out) return;
    const mail = notificationMail(r, deps.publicUrl);
    await transport.sendMail({
      from: deps.mail.from,
      to: { name: r.full_name, address: r.email },
      subject: mail.subject,
      text: mail.text,
      headers: { 'X-VanBan-Kind': r.kind, ...(r.urgent ? { Importance: 'high', 'X-Priority': '1' } : {}) },
    });
  };
  return { [NOTIFICATION_MAIL_JOB]: handler };
}
