import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/index.js';
import { digitalLinkToUrn, urnToDigitalLink } from './digital-link.js';
import { gs1CheckDigit } from './gs1.js';
import { TDS_VECTORS } from './test-vectors.js';

const fieldOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err.details[0]?.field;
    throw err;
  }
  return 'no error';
};

describe('URN <-> GS1 Digital Link', () => {
  for (const v of TDS_VECTORS) {
    it(`converts ${v.urn}`, () => {
      expect(urnToDigitalLink(v.urn)).toBe(v.digitalLink);
      expect(digitalLinkToUrn(v.digitalLink, { companyPrefixLength: 7 })).toBe(v.urn);
    });
  }

  it('uses a custom domain and reads links with a path prefix and a query', () => {
    expect(urnToDigitalLink('urn:epc:id:grai:0614141.12345.5678', { domain: 'https://boxes.example.com/' })).toBe(
      'https://boxes.example.com/8003/006141411234525678',
    );
    expect(digitalLinkToUrn('https://example.com/dl/8003/006141411234525678?linkType=all', { companyPrefixLength: 7 })).toBe(
      'urn:epc:id:grai:0614141.12345.5678',
    );
  });

  it('pads short GTINs and leaves out a missing SGLN extension', () => {
    expect(digitalLinkToUrn('https://id.gs1.org/01/0614141123452/21/9', { companyPrefixLength: 7 })).toBe(
      'urn:epc:id:sgtin:0614141.012345.9',
    );
    expect(digitalLinkToUrn('https://id.gs1.org/414/0614141123452', { companyPrefixLength: 7 })).toBe(
      'urn:epc:id:sgln:0614141.12345.0',
    );
    expect(urnToDigitalLink('urn:epc:id:sgln:0614141.12345.0')).toBe('https://id.gs1.org/414/0614141123452');
  });

  it('percent-encodes serial characters that are not URI-unreserved', () => {
    const urn = 'urn:epc:id:grai:0614141.12345.A%2F(1)%26!';
    const dl = urnToDigitalLink(urn);
    expect(dl).toBe('https://id.gs1.org/8003/00614141123452A%2F%281%29%26%21');
    expect(digitalLinkToUrn(dl, { companyPrefixLength: 7 })).toBe(urn);
  });

  it('rejects bad links with the field at fault', () => {
    expect(fieldOf(() => digitalLinkToUrn('https://id.gs1.org/8003/006141411234525678'))).toBe('companyPrefixLength');
    expect(fieldOf(() => digitalLinkToUrn('https://id.gs1.org/8003/106141411234525678', { companyPrefixLength: 7 }))).toBe(
      'digitalLink',
    );
    expect(fieldOf(() => digitalLinkToUrn('https://id.gs1.org/8003/00614141123452', { companyPrefixLength: 7 }))).toBe('serial');
    expect(fieldOf(() => digitalLinkToUrn('https://id.gs1.org/01/80614141123459/21/1', { companyPrefixLength: 7 }))).toBe('gtin');
    expect(fieldOf(() => digitalLinkToUrn('https://id.gs1.org/01/80614141123458', { companyPrefixLength: 7 }))).toBe(
      'digitalLink',
    );
    expect(fieldOf(() => digitalLinkToUrn('https://id.gs1.org/01/80614141123458/10/LOT/21/1', { companyPrefixLength: 7 }))).toBe(
      'digitalLink',
    );
    expect(fieldOf(() => digitalLinkToUrn('https://id.gs1.org/8003/006141411234525678', { companyPrefixLength: 13 }))).toBe(
      'companyPrefixLength',
    );
    expect(fieldOf(() => digitalLinkToUrn('ftp://id.gs1.org/8003/006141411234525678', { companyPrefixLength: 7 }))).toBe(
      'digitalLink',
    );
  });

  it('computes GS1 check digits', () => {
    expect(gs1CheckDigit('8061414112345')).toBe('8');
    expect(gs1CheckDigit('10614141234567890')).toBe('8');
    expect(gs1CheckDigit('061414112345')).toBe('2');
    expect(gs1CheckDigit('0')).toBe('0');
  });
});
