import * as crypto from 'node:crypto';
import forge from 'node-forge';

export interface TlsIdentity {
  readonly keyPem: string;
  readonly certPem: string;
}

/**
 * A throwaway TLS PKI for loopback HTTPS: a CA and server certificates for 127.0.0.1 (subjectAltName
 * IP, which Node's host check requires). TLS checks run at the wall clock, so validity is around now.
 * Keys come from OpenSSL (node:crypto); node-forge only assembles the certificates.
 */
export function tlsTestPki(): { readonly caPem: string; server(name: string): TlsIdentity } {
  const keyPair = () => {
    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const key = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
    return { pem, key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e) };
  };
  const validity = (c: forge.pki.Certificate) => {
    c.validity.notBefore = new Date(Date.now() - 86400_000);
    c.validity.notAfter = new Date(Date.now() + 365 * 86400_000);
  };
  const ca = keyPair();
  const caCert = forge.pki.createCertificate();
  caCert.publicKey = ca.publicKey;
  caCert.serialNumber = '01' + crypto.randomBytes(8).toString('hex');
  validity(caCert);
  const caName = [{ name: 'commonName', value: 'VanBan loopback TLS CA' }];
  caCert.setSubject(caName);
  caCert.setIssuer(caName);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ]);
  caCert.sign(ca.key, forge.md.sha256.create());
  return {
    caPem: forge.pki.certificateToPem(caCert),
    server(name: string): TlsIdentity {
      const k = keyPair();
      const c = forge.pki.createCertificate();
      c.publicKey = k.publicKey;
      c.serialNumber = '02' + crypto.randomBytes(8).toString('hex');
      validity(c);
      c.setSubject([{ name: 'commonName', value: name }]);
      c.setIssuer(caName);
      c.setExtensions([
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
      ]);
      c.sign(ca.key, forge.md.sha256.create());
      return { keyPem: k.pem, certPem: forge.pki.certificateToPem(c) };
    },
  };
}
