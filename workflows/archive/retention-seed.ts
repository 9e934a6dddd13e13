/**
 * The retention entries a new server starts with: common records of agencies after the appendix of
 * Circular 10/2022/TT-BNV (thời hạn bảo quản tài liệu), a subset. Written from memory, not copied from the
 * published text: every entry is seeded with `needsReview` so the admin checks it against the Circular
 * before relying on it (docs/archive.md "Retention"). `years: null` is "Vĩnh viễn" (permanent).
 */
export interface RetentionSeedEntry {
  readonly code: string;
  readonly title: string;
  readonly years: number | null;
  readonly legalReference: string;
  readonly needsReview: boolean;
}

const TT10 = 'Thông tư 10/2022/TT-BNV, Phụ lục';

export const RETENTION_SEED: readonly RetentionSeedEntry[] = [
  {
    code: '01.01',
    title: 'Hồ sơ xây dựng, ban hành quy chế, quy định, hướng dẫn những vấn đề chung của cơ quan',
    years: null,
    legalReference: `${TT10}, Nhóm 1 – Tài liệu tổng hợp`,
    needsReview: true,
  },
  {
    code: '01.02',
    title: 'Hồ sơ hội nghị tổng kết công tác năm, nhiều năm của cơ quan',
    years: null,
    legalReference: `${TT10}, Nhóm 1 – Tài liệu tổng hợp`,
    needsReview: true,
  },
  {
    code: '01.03',
    title: 'Kế hoạch, báo cáo công tác dài hạn, hằng năm của cơ quan',
    years: null,
    legalReference: `${TT10}, Nhóm 1 – Tài liệu tổng hợp`,
    needsReview: true,
  },
  {
    code: '01.04',
    title: 'Kế hoạch, báo cáo công tác 6 tháng, 9 tháng',
    years: 20,
    legalReference: `${TT10}, Nhóm 1 – Tài liệu tổng hợp`,
    needsReview: true,
  },
  {
    code: '01.05',
    title: 'Kế hoạch, báo cáo công tác quý, tháng',
    years: 5,
    legalReference: `${TT10}, Nhóm 1 – Tài liệu tổng hợp`,
    needsReview: true,
  },
  {
    code: '01.06',
    title: 'Công văn trao đổi về công tác chung',
    years: 10,
    legalReference: `${TT10}, Nhóm 1 – Tài liệu tổng hợp`,
    needsReview: true,
  },
  {
    code: '01.07',
    title: 'Sổ đăng ký văn bản đi, văn bản đến',
    years: 20,
    legalReference: `${TT10}, Nhóm 1 – Tài liệu tổng hợp (văn thư)`,
    needsReview: true,
  },
  {
    code: '01.08',
    title: 'Hồ sơ thanh tra, kiểm tra vụ việc nghiêm trọng',
    years: null,
    legalReference: `${TT10}, Nhóm 2 – Thanh tra, giải quyết khiếu nại, tố cáo`,
    needsReview: true,
  },
  {
    code: '01.09',
    title: 'Hồ sơ giải quyết khiếu nại, tố cáo',
    years: 15,
    legalReference: `${TT10}, Nhóm 2 – Thanh tra, giải quyết khiếu nại, tố cáo`,
    needsReview: true,
  },
  {
    code: '01.10',
    title: 'Hồ sơ gốc cán bộ, công chức, viên chức',
    years: 70,
    legalReference: `${TT10}, Nhóm 4 – Tổ chức, nhân sự`,
    needsReview: true,
  },
  {
    code: '01.11',
    title: 'Báo cáo tài chính, quyết toán ngân sách năm',
    years: null,
    legalReference: `${TT10}, Nhóm 6 – Tài chính, kế toán`,
    needsReview: true,
  },
  {
    code: '01.12',
    title: 'Chứng từ kế toán sử dụng trực tiếp để ghi sổ kế toán và lập báo cáo tài chính',
    years: 10,
    legalReference:
      'Luật Kế toán 88/2015/QH13, Điều 41; Thông tư 10/2022/TT-BNV, Nhóm 6 – Tài chính, kế toán',
    needsReview: true,
  },
];
