import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { Certificate } from '../../pki/certificate';
import { PkiError } from '../../pki/pki-error';
import { Pkcs11Signer } from './pkcs11-signer';
import { Pkcs12Signer } from './pkcs12-signer';
import { Signer } from './signer';

const rsaScheme = z.enum(['rsa-pkcs1', 'rsa-pss']).optional();

/** One signer's configuration, as the server's configuration module hands it over (never env). */
export const signerConfigSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('pkcs12'),
      /** A file path, or the file itself base64-encoded. */
      path: z.string().min(1).optional(),
      base64: z.string().min(1).optional(),
      password: z.string(),
      rsaScheme,
    })
    .refine((c) => Boolean(c.path) !== Boolean(c.base64), { message: 'exactly one of path and base64' }),
  z
    .object({
      type: z.literal('pkcs11'),
      modulePath: z.string().min(1),
      tokenLabel: z.string().min(1),
      pin: z.string().min(1),
      keyLabel: z.string().min(1).optional(),
      keyId: z
        .string()
        .regex(/^([0-9a-fA-F]{2})+$/)
        .optional(),
      /** PEM of the signing certificate (else read from the token) and of the chain. */
      certificatePem: z.string().optional(),
      chainPem: z.string().optional(),
      rsaMechanism: z.enum(['hash-and-sign', 'digest-info']).optional(),
      rsaScheme,
    })
    .refine((c) => c.keyLabel || c.keyId, { message: 'keyLabel or keyId is required' }),
]);
export type SignerConfig = z.input<typeof signerConfigSchema>;

/**
 * Builds signers from configuration: `signers.seal` → the organisation's key, `signers.leader-xyz`
 * → a leader's token, ... Each is created once (a PKCS#12 is parsed once, a token session opened
 * once) and reused. The only place that knows which Signer class a configuration means.
 */
export class SignerFactory {
  private readonly cache = new Map<string, Promise<Signer>>();

  constructor(
    private readonly configs: Readonly<Record<string, unknown>>,
    private readonly options: { clock?: () => Date } = {},
  ) {}

  /** The signer named `name`; SIGNER_CONFIG_INVALID when absent or malformed. */
  get(name: string): Promise<Signer> {
    let signer = this.cache.get(name);
    if (!signer) {
      signer = this.create(name);
      this.cache.set(name, signer);
      signer.catch(() => this.cache.delete(name));
    }
    return signer;
  }

  private async create(name: string): Promise<Signer> {
    const parsed = signerConfigSchema.safeParse(this.configs[name]);
    if (!parsed.success) {
      throw new PkiError(
        'SIGNER_CONFIG_INVALID',
        { vi: `Cấu hình khóa ký "${name}" không hợp lệ`, en: `Signer configuration "${name}" is invalid` },
        { details: { name, issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) } },
      );
    }
    const c = parsed.data;
    const clock = this.options.clock;
    if (c.type === 'pkcs12') {
      const data = c.path ? await readFile(c.path) : Buffer.from(c.base64!, 'base64');
      return Pkcs12Signer.fromBuffer(data, c.password, { rsaScheme: c.rsaScheme, clock });
    }
    return Pkcs11Signer.open({
      modulePath: c.modulePath,
      tokenLabel: c.tokenLabel,
      pin: c.pin,
      keyLabel: c.keyLabel,
      keyId: c.keyId,
      certificate: c.certificatePem ? Certificate.from(c.certificatePem) : undefined,
      chain: c.chainPem ? Certificate.parseAll(c.chainPem) : [],
      rsaMechanism: c.rsaMechanism,
      rsaScheme: c.rsaScheme,
      clock,
    });
  }

  /** Closes token sessions. */
  async close(): Promise<void> {
    const signers = await Promise.allSettled([...this.cache.values()]);
    this.cache.clear();
    for (const s of signers) {
      if (s.status === 'fulfilled' && s.value instanceof Pkcs11Signer) await s.value.close();
    }
  }
}
