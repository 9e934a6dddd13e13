import { expect } from 'chai';
import { numberAndNotation } from '../../../workflows/documents/outgoing-document';
import {
  documentNumber,
  documentNumberText,
  normaliseDocumentNumber,
} from '../../../workflows/signing/document-number-text';

describe('document numbers as Decree 30 writes them (one formatter)', () => {
  it('gives numbers below 10 a leading zero and leaves the others as they are', () => {
    expect([1, 9, 10, 99, 1234].map(documentNumber)).to.deep.equal(['01', '09', '10', '99', '1234']);
    expect(documentNumberText(1, 'QĐ-UBND')).to.equal('01/QĐ-UBND');
  });

  it('numberAndNotation (the API field) prints the same form as the PDF; the notation alone before numbering', () => {
    expect(numberAndNotation({ number: 1, notation: 'QĐ-UBND' })).to.equal('01/QĐ-UBND');
    expect(numberAndNotation({ number: 15, notation: 'UBND-VP' })).to.equal('15/UBND-VP');
    expect(numberAndNotation({ number: null, notation: 'QĐ-UBND' })).to.equal('QĐ-UBND');
  });

  it('brings a received bare number below 10 to the same form and keeps anything else as written', () => {
    expect(['1', '01', '9', '10', '123', '12a', 'A1'].map(normaliseDocumentNumber)).to.deep.equal([
      '01',
      '01',
      '09',
      '10',
      '123',
      '12a',
      'A1',
    ]);
  });
});
