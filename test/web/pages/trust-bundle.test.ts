// A trust anchor from a PKCS#7 bundle (.p7b, DER or PEM-armoured, as CAs publish their chains): each
// certificate of the bundle becomes a PEM block, and one anchor is added per block. The fixtures were
// made by openssl from two self-signed P-256 certificates:
//   openssl crl2pkcs7 -nocrl -certfile a.pem -certfile b.pem -outform DER   (AB_P7B)
//   openssl crl2pkcs7 -nocrl -certfile a.pem                                (A_P7B_PEM)
//   openssl crl2pkcs7 -nocrl -outform DER                                   (NONE_P7B)
import { describe, expect, it } from 'vitest';
import {
  certificatePem,
  pemBlocks,
  pkcs7Certificates,
} from '../../../web/src/pages/validation/validation-trust-page';

const A_PEM = `-----BEGIN CERTIFICATE-----
MIIBiDCCAS+gAwIBAgIUZ4lS+Gd7/uTCIALNc8zMC8qUulYwCgYIKoZIzj0EAwIw
GjEYMBYGA1UEAwwPQ0EgdGh1IG5naGllbSBhMB4XDTI2MTIwNzIwNTI1NloXDTI3
MDEwNjIwNTI1NlowGjEYMBYGA1UEAwwPQ0EgdGh1IG5naGllbSBhMFkwEwYHKoZI
zj0CAQYIKoZIzj0DAQcDQgAETkeVA4hSXtApYDfUcRqrRfp6R85ZNrs14ZCHeq8I
HcKLZaSwvvSM0Ld/vBSoZ0D5nWqslgrG/KwlJQnMALOt0qNTMFEwHQYDVR0OBBYE
FGw+iZey/1ixnC85hU5YdFdnQ6JeMB8GA1UdIwQYMBaAFGw+iZey/1ixnC85hU5Y
dFdnQ6JeMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDRwAwRAIgPMrOOXQW
3CxeKKLwV2tYHUl3aBHe1XiQyrh7F8f+jSsCIHlbzgOoHS8weFI26JiHpVATUHtk
CvyY/2Bk2gSen5gH
-----END CERTIFICATE-----`;
const B_PEM = `-----BEGIN CERTIFICATE-----
MIIBijCCAS+gAwIBAgIUJcjNkm/d2tcdBVoUTDPSnX4Jr6cwCgYIKoZIzj0EAwIw
GjEYMBYGA1UEAwwPQ0EgdGh1IG5naGllbSBiMB4XDTI2MTIwNzIwNTI1NloXDTI3
MDEwNjIwNTI1NlowGjEYMBYGA1UEAwwPQ0EgdGh1IG5naGllbSBiMFkwEwYHKoZI
zj0CAQYIKoZIzj0DAQcDQgAEgEjjq+8t5baXvxtgVx8YQ5RsgtMNG4BDAiKWQcR0
ud2OsPt9M4ML2m2hiXB5P+oGfafvyoKWdqWnMaln6oCbfKNTMFEwHQYDVR0OBBYE
FGXoB7Ze5HfOq8CV/8czHQge7TfZMB8GA1UdIwQYMBaAFGXoB7Ze5HfOq8CV/8cz
HQge7TfZMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSQAwRgIhAPgXeUIg
UciSlT6o1Irtm4EbTGDUfbkazS8wa+1coOjsAiEAnpMv1HAzxhk0wUTHm93Pm/MJ
urQ3uA19H7YG3AyTm5s=
-----END CERTIFICATE-----`;
const AB_P7B =
  'MIIDRQYJKoZIhvcNAQcCoIIDNjCCAzICAQExADALBgkqhkiG9w0BBwGgggMaMIIBiDCCAS+gAwIBAgIUZ4lS+Gd7/uTCIALNc8zMC8qUulYwCgYIKoZIzj0EAwIwGjEYMBYGA1UEAwwPQ0EgdGh1IG5naGllbSBhMB4XDTI2MTIwNzIwNTI1NloXDTI3MDEwNjIwNTI1NlowGjEYMBYGA1UEAwwPQ0EgdGh1IG5naGllbSBhMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAETkeVA4hSXtApYDfUcRqrRfp6R85ZNrs14ZCHeq8IHcKLZaSwvvSM0Ld/vBSoZ0D5nWqslgrG/KwlJQnMALOt0qNTMFEwHQYDVR0OBBYEFGw+iZey/1ixnC85hU5YdFdnQ6JeMB8GA1UdIwQYMBaAFGw+iZey/1ixnC85hU5YdFdnQ6JeMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDRwAwRAIgPMrOOXQW3CxeKKLwV2tYHUl3aBHe1XiQyrh7F8f+jSsCIHlbzgOoHS8weFI26JiHpVATUHtkCvyY/2Bk2gSen5gHMIIBijCCAS+gAwIBAgIUJcjNkm/d2tcdBVoUTDPSnX4Jr6cwCgYIKoZIzj0EAwIwGjEYMBYGA1UEAwwPQ0EgdGh1IG5naGllbSBiMB4XDTI2MTIwNzIwNTI1NloXDTI3MDEwNjIwNTI1NlowGjEYMBYGA1UEAwwPQ0EgdGh1IG5naGllbSBiMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEgEjjq+8t5baXvxtgVx8YQ5RsgtMNG4BDAiKWQcR0ud2OsPt9M4ML2m2hiXB5P+oGfafvyoKWdqWnMaln6oCbfKNTMFEwHQYDVR0OBBYEFGXoB7Ze5HfOq8CV/8czHQge7TfZMB8GA1UdIwQYMBaAFGXoB7Ze5HfOq8CV/8czHQge7TfZMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSQAwRgIhAPgXeUIgUciSlT6o1Irtm4EbTGDUfbkazS8wa+1coOjsAiEAnpMv1HAzxhk0wUTHm93Pm/MJurQ3uA19H7YG3AyTm5sxAA==';
const A_P7B_PEM = `-----BEGIN PKCS7-----
MIIBtwYJKoZIhvcNAQcCoIIBqDCCAaQCAQExADALBgkqhkiG9w0BBwGgggGMMIIB
iDCCAS+gAwIBAgIUZ4lS+Gd7/uTCIALNc8zMC8qUulYwCgYIKoZIzj0EAwIwGjEY
MBYGA1UEAwwPQ0EgdGh1IG5naGllbSBhMB4XDTI2MTIwNzIwNTI1NloXDTI3MDEw
NjIwNTI1NlowGjEYMBYGA1UEAwwPQ0EgdGh1IG5naGllbSBhMFkwEwYHKoZIzj0C
AQYIKoZIzj0DAQcDQgAETkeVA4hSXtApYDfUcRqrRfp6R85ZNrs14ZCHeq8IHcKL
ZaSwvvSM0Ld/vBSoZ0D5nWqslgrG/KwlJQnMALOt0qNTMFEwHQYDVR0OBBYEFGw+
iZey/1ixnC85hU5YdFdnQ6JeMB8GA1UdIwQYMBaAFGw+iZey/1ixnC85hU5YdFdn
Q6JeMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDRwAwRAIgPMrOOXQW3Cxe
KKLwV2tYHUl3aBHe1XiQyrh7F8f+jSsCIHlbzgOoHS8weFI26JiHpVATUHtkCvyY
/2Bk2gSen5gHMQA=
-----END PKCS7-----`;
const NONE_P7B = 'MCMGCSqGSIb3DQEHAqAWMBQCAQExADALBgkqhkiG9w0BBwExAA==';

const bytes = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
const derOf = (pem: string) => bytes(pem.replace(/-----[^-]+-----|\s+/g, ''));

describe('trust anchors from a .p7b bundle', () => {
  it('reads both certificates of a DER bundle as PEM, in order', async () => {
    const pem = await certificatePem(new Blob([bytes(AB_P7B)]));
    expect(pemBlocks(pem)).toEqual([A_PEM, B_PEM]);
  });

  it('reads a PEM-armoured bundle (-----BEGIN PKCS7-----)', async () => {
    expect(await certificatePem(new Blob([A_P7B_PEM]))).toBe(A_PEM);
  });

  it('keeps a certificate as it was: DER wrapped, PEM as it is, one block', async () => {
    expect(pkcs7Certificates(derOf(B_PEM))).toBeUndefined();
    expect(await certificatePem(new Blob([derOf(B_PEM)]))).toBe(B_PEM);
    expect(pemBlocks(A_PEM)).toEqual([A_PEM]);
  });

  it('refuses a bundle without certificates', async () => {
    expect(pkcs7Certificates(bytes(NONE_P7B))).toEqual([]);
    await expect(certificatePem(new Blob([bytes(NONE_P7B)]))).rejects.toThrow();
  });
});
