import { CodedError } from '../../signing/errors';

export type NotificationErrorCode = 'NOTIFICATION_NOT_FOUND';

/** Errors of the notifications (server/routes/notification-routes.ts). */
export class NotificationError extends CodedError {
  declare readonly code: NotificationErrorCode;
  constructor(
    code: NotificationErrorCode,
    message: { vi: string; en: string },
    details?: Record<string, unknown>,
  ) {
    super(code, message, { details });
  }

  static notFound(id: string): NotificationError {
    return new NotificationError(
      'NOTIFICATION_NOT_FOUND',
      { vi: 'Không tìm thấy thông báo', en: 'Notification not found' },
      { id },
    );
  }
}
