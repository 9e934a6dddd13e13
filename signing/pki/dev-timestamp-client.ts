import { DigestAlgorithm } from '../cms/algorithms';
import { TimestampAuthority } from './timestamp-authority';
import { TimestampClient } from './timestamp-client';

/** Timestamps from the in-process development TSA, at the injected clock's time. */
export class DevTimestampClient implements TimestampClient {
  constructor(
    private readonly authority: TimestampAuthority,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async timestamp(digest: Buffer, hash: DigestAlgorithm): Promise<Buffer> {
    return this.authority.timestamp(digest, hash, this.clock());
  }
}
