import { z } from 'zod';
import { NOTIFICATION_KIND_NAMES } from '../../workflows/notifications/notification-kinds';
import {
  getNotificationPreferences,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  setNotificationPreferences,
} from '../../workflows/notifications/user-notifications';
import type { RouteTable } from '../http/route-table';
import { cursor, dateTime, uuidParam } from './schemas';

const text = z.object({ vi: z.string(), en: z.string() });
const notification = z.object({
  id: z.uuid(),
  kind: z.string(),
  subject: text,
  link: z.string().nullable(),
  urgent: z.boolean(),
  createdAt: dateTime,
  readAt: dateTime.nullable(),
});
const preferences = z.object({
  email: z.string().nullable(),
  kinds: z.array(z.object({ kind: z.string(), label: text, inApp: z.boolean(), email: z.boolean() })),
});

/** The bell: each user's own notifications and which kinds reach them (docs/notifications.md). */
export function notificationRoutes(table: RouteTable): void {
  table.route({
    method: 'get',
    path: '/api/notifications',
    tags: ['notifications'],
    summary: 'Thông báo của tôi / My notifications',
    description: 'The caller’s notifications, newest first, and how many are unread.',
    auth: 'authenticated',
    query: z.strictObject({
      unread: z.enum(['true', 'false']).optional(),
      limit: z.coerce.number().int().min(1).max(100).optional(),
      cursor,
    }),
    response: z.object({
      items: z.array(notification),
      unreadCount: z.number(),
      nextCursor: z.string().nullable(),
    }),
    handler: async ({ ctx, query }) =>
      listNotifications(ctx, {
        unreadOnly: query.unread === 'true',
        limit: query.limit,
        cursor: query.cursor,
      }),
  });

  table.route({
    method: 'post',
    path: '/api/notifications/:id/read',
    tags: ['notifications'],
    summary: 'Đánh dấu đã đọc / Mark read',
    auth: 'authenticated',
    params: uuidParam,
    response: z.object({ unreadCount: z.number() }),
    errors: ['NOTIFICATION_NOT_FOUND'],
    handler: async ({ ctx, params }) => markNotificationRead(ctx, params.id),
  });

  table.route({
    method: 'post',
    path: '/api/notifications/read-all',
    tags: ['notifications'],
    summary: 'Đánh dấu tất cả đã đọc / Mark all read',
    auth: 'authenticated',
    response: z.object({ marked: z.number(), unreadCount: z.number() }),
    handler: async ({ ctx }) => markAllNotificationsRead(ctx),
  });

  table.route({
    method: 'get',
    path: '/api/notifications/preferences',
    tags: ['notifications'],
    summary: 'Cài đặt thông báo / Notification settings',
    description: 'The caller’s e-mail address and, per kind, whether the bell and e-mail are on.',
    auth: 'authenticated',
    response: preferences,
    handler: async ({ ctx }) => getNotificationPreferences(ctx),
  });

  table.route({
    method: 'put',
    path: '/api/notifications/preferences',
    tags: ['notifications'],
    summary: 'Lưu cài đặt thông báo / Save notification settings',
    description: 'Sets the e-mail address (null or empty removes it) and the channels of the listed kinds.',
    auth: 'authenticated',
    body: z.strictObject({
      email: z.union([z.email().max(254), z.literal(''), z.null()]).optional(),
      kinds: z
        .array(
          z.strictObject({ kind: z.enum(NOTIFICATION_KIND_NAMES), inApp: z.boolean(), email: z.boolean() }),
        )
        .max(100)
        .optional(),
    }),
    response: preferences,
    handler: async ({ ctx, body }) => setNotificationPreferences(ctx, body),
  });
}
