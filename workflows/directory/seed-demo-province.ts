import type { DataSource } from 'typeorm';
import type { Clock, Role } from '../context';

export interface DemoLogin {
  readonly username: string;
  readonly password: string;
  readonly role: Role;
  readonly unitName: string;
  readonly unitCode: string;
}

export interface DemoSeedResult {
  /** False when the province was already there (nothing written). */
  readonly seeded: boolean;
  readonly units: number;
  readonly users: number;
  readonly logins: readonly DemoLogin[];
}

/** Seeds the demo province (implementation landing next). */
export async function seedDemoProvince(_db: DataSource, _options: { clock: Clock }): Promise<DemoSeedResult> {
  return { seeded: false, units: 0, users: 0, logins: [] };
}
