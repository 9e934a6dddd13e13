// The bell in the top bar: the unread count on the button, and a list of the person's notifications
// (open the linked page — which marks it read —, mark one read, mark all read). The count is asked
// again every 30 s and whenever the list is opened. Kinds can be turned off on the account page.
import { useEffect, useId, useRef, useState } from 'react';
import { api, ok } from '../api/client';
import { formatDateTime } from '../format/format';
import { defineStrings, useLanguage, useStrings } from '../i18n/i18n';
import { navigate, useHashLocation } from '../router/hash-router';
import { useApi } from './use-api';
import { useAction } from './form';
import { ErrorNotice, Loading } from './notice';
import './bell.css';

export const BELL_STRINGS = defineStrings({
  vi: {
    bellLabel: 'Thông báo',
    bellUnread: 'Thông báo, {n} chưa đọc',
    bellTitle: 'Thông báo',
    bellEmpty: 'Không có thông báo nào.',
    bellMarkRead: 'Đánh dấu đã đọc',
    bellMarkAll: 'Đánh dấu tất cả đã đọc',
    bellUnreadTag: 'Chưa đọc',
    bellUrgentTag: 'Khẩn',
    bellSettings: 'Cài đặt thông báo',
    bellClose: 'Đóng',
  },
  en: {
    bellLabel: 'Notifications',
    bellUnread: 'Notifications, {n} unread',
    bellTitle: 'Notifications',
    bellEmpty: 'No notifications.',
    bellMarkRead: 'Mark read',
    bellMarkAll: 'Mark all read',
    bellUnreadTag: 'Unread',
    bellUrgentTag: 'Urgent',
    bellSettings: 'Notification settings',
    bellClose: 'Close',
  },
});

const POLL_MS = 30_000;

export function Bell() {
  const t = useStrings(BELL_STRINGS);
  const { lang } = useLanguage();
  const { path } = useHashLocation();
  // Open on the page it was opened on: going to another page closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === path;
  const setOpen = (o: boolean) => setOpenOn(o ? path : null);
  const panelId = useId();
  const titleId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const list = useApi(() => ok(api.GET('/api/notifications', { params: { query: { limit: 20 } } })), [open]);
  const { reload } = list;
  useEffect(() => {
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [reload]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
    // setOpen only clears the state: no need to re-subscribe for it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const markRead = useAction(async (id: string) => {
    await ok(api.POST('/api/notifications/{id}/read', { params: { path: { id } } }));
    reload();
  });
  const markAll = useAction(async () => {
    await ok(api.POST('/api/notifications/read-all'));
    reload();
  });
  const openLink = async (id: string, link: string | null, read: boolean) => {
    if (!read) await markRead.run(id);
    setOpen(false);
    if (link) navigate(link);
  };

  const unread = list.status === 'ready' ? list.data.unreadCount : 0;
  return (
    <div className="bell">
      <button
        ref={buttonRef}
        type="button"
        className="btn btn-ghost bell-button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={unread > 0 ? t('bellUnread', { n: unread }) : t('bellLabel')}
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">🔔</span>
        {unread > 0 ? (
          <span className="bell-count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <section className="bell-panel" id={panelId} aria-labelledby={titleId}>
          <div className="bell-head">
            <h2 id={titleId}>{t('bellTitle')}</h2>
            <button
              type="button"
              className="btn btn-small"
              disabled={markAll.busy || unread === 0}
              onClick={() => void markAll.run()}
            >
              {t('bellMarkAll')}
            </button>
          </div>
          {list.status === 'loading' ? <Loading /> : null}
          {list.status === 'failed' ? <ErrorNotice error={list.error} onRetry={reload} /> : null}
          {markRead.error || markAll.error ? <ErrorNotice error={markRead.error ?? markAll.error} /> : null}
          {list.status === 'ready' && list.data.items.length === 0 ? <p>{t('bellEmpty')}</p> : null}
          {list.status === 'ready' && list.data.items.length > 0 ? (
            <ul className="bell-list">
              {list.data.items.map((n) => (
                <li key={n.id} className={n.readAt ? 'bell-item' : 'bell-item bell-unread'}>
                  <a
                    href={n.link ?? '#/'}
                    onClick={(e) => {
                      e.preventDefault();
                      void openLink(n.id, n.link, n.readAt !== null);
                    }}
                  >
                    {n.readAt ? null : <span className="visually-hidden">{t('bellUnreadTag')}: </span>}
                    {n.urgent ? <span className="badge badge-urgent">{t('bellUrgentTag')}</span> : null}{' '}
                    {n.subject[lang]}
                  </a>
                  <span className="bell-time">{formatDateTime(String(n.createdAt))}</span>
                  {n.readAt ? null : (
                    <button
                      type="button"
                      className="btn btn-small"
                      disabled={markRead.busy}
                      aria-label={`${t('bellMarkRead')}: ${n.subject[lang]}`}
                      onClick={() => void markRead.run(n.id)}
                    >
                      {t('bellMarkRead')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          ) : null}
          <p className="bell-foot">
            <a href="#/account" onClick={() => setOpen(false)}>
              {t('bellSettings')}
            </a>
          </p>
        </section>
      ) : null}
    </div>
  );
}
