import { DocumentError } from './document-error';
import type { OutgoingDocument } from './outgoing-document';

/**
 * Refuses to send a document electronically when the law forbids it. State secrets (Mật, Tối mật,
 * Tuyệt mật) may not be transmitted over telecommunication networks other than through the cipher
 * system: Luật Bảo vệ bí mật nhà nước 2018 (Law 29/2018/QH14), Art. 5 cl. 5–6; Decree 30/2020/NĐ-CP
 * leaves classified documents to that law. A paper document is registered, never sent.
 */
export function assertElectronicExchange(
  doc: Pick<OutgoingDocument, 'id' | 'classification' | 'medium'>,
): void {
  if (doc.classification !== 'none') {
    throw new DocumentError(
      'DOCUMENT_CLASSIFIED',
      {
        vi:
          'Văn bản có độ mật (Mật, Tối mật, Tuyệt mật) không được gửi qua hệ thống điện tử: Luật Bảo vệ bí mật ' +
          'nhà nước số 29/2018/QH14, Điều 5 khoản 5 và 6 nghiêm cấm soạn thảo, lưu giữ trên máy tính kết nối ' +
          'mạng và truyền đưa bí mật nhà nước trên phương tiện thông tin, viễn thông trái quy định về cơ yếu.',
        en:
          'Classified documents (Mật, Tối mật, Tuyệt mật) are never sent electronically: Law on Protection of ' +
          'State Secrets No. 29/2018/QH14, Art. 5 cl. 5 and 6, forbids keeping state secrets on networked ' +
          'computers and transmitting them over telecommunication means outside the cipher system.',
      },
      {
        documentId: doc.id,
        classification: doc.classification,
        legalBasis: 'Luật 29/2018/QH14, Điều 5 khoản 5, 6',
      },
    );
  }
  if (doc.medium === 'paper') {
    throw new DocumentError(
      'DOCUMENT_PAPER_ONLY',
      {
        vi: 'Văn bản giấy đã đăng ký không gửi điện tử',
        en: 'A registered paper document is not sent electronically',
      },
      { documentId: doc.id },
    );
  }
}
