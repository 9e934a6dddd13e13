import 'reflect-metadata';
import { setPasswordHashCost } from '../workflows/accounts/password-hash';

// Test-only: scrypt at N = 2^12 instead of the production 2^17 (128 MiB, ~0.4 s per hash), so that the
// suite's hundreds of logins stay fast; test/workflows/accounts/password-cost.test.ts asserts the default.
setPasswordHashCost({ N: 2 ** 12, r: 8, p: 1 });
