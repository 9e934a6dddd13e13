import { CodedError } from '../../signing/errors';

export type MaintenanceErrorCode = 'OBJECT_CONTENT_CHANGED';

/** Errors of storage maintenance (the sweep and the reference guard). */
export class MaintenanceError extends CodedError {
  declare readonly code: MaintenanceErrorCode;

  /** The bytes put again for a reference are not the ones referenced (a temp file changed under us). */
  static contentChanged(expected: string, got: string): MaintenanceError {
    return new MaintenanceError(
      'OBJECT_CONTENT_CHANGED',
      {
        vi: 'Tệp đã thay đổi trong khi lưu; hãy thử lại',
        en: 'The file changed while it was being stored; try again',
      },
      { details: { expected, got } },
    );
  }
}
