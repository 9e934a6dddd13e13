import { CodedError } from '../../signing/errors';

export type SearchErrorCode =
  | 'SEARCH_QUERY_INVALID'
  | 'SEARCH_QUERY_TOO_LONG'
  | 'SEARCH_TOO_BROAD'
  | 'SAVED_SEARCH_NOT_FOUND'
  | 'SAVED_SEARCH_INVALID';

/**
 * Search: a query that cannot be run (SEARCH_QUERY_INVALID, SEARCH_QUERY_TOO_LONG), one that ran past the
 * search statement timeout (SEARCH_TOO_BROAD: narrow it), saved searches. All 4xx: bad input never 500.
 */
export class SearchError extends CodedError {
  declare readonly code: SearchErrorCode;

  constructor(code: SearchErrorCode, message: { vi: string; en: string }, details?: Record<string, unknown>) {
    super(code, message, { details });
  }

  static tooLong(what: string, limit: number): SearchError {
    return new SearchError(
      'SEARCH_QUERY_TOO_LONG',
      {
        vi: `Câu tìm kiếm quá dài (tối đa ${limit} ${what})`,
        en: `Search query too long (at most ${limit} ${what})`,
      },
      { limit },
    );
  }

  static invalid(field: string, vi: string, en: string): SearchError {
    return new SearchError('SEARCH_QUERY_INVALID', { vi, en }, { field });
  }

  static tooBroad(): SearchError {
    return new SearchError('SEARCH_TOO_BROAD', {
      vi: 'Tìm kiếm mất quá nhiều thời gian; hãy thu hẹp điều kiện (thêm từ khóa, năm, loại văn bản)',
      en: 'The search took too long; narrow it (more words, a year, a document type)',
    });
  }

  static savedNotFound(id: string): SearchError {
    return new SearchError(
      'SAVED_SEARCH_NOT_FOUND',
      { vi: 'Không tìm thấy tìm kiếm đã lưu', en: 'Saved search not found' },
      { id },
    );
  }
}
