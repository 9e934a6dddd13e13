import type { DomainContext } from '../context';
import { AccessError } from './access-error';
import { authorize } from './authorize';
import type { User } from './user';
import { userRepository } from './user-repository';

const userNotFound = () =>
  new AccessError('USER_NOT_FOUND', { vi: 'Không tìm thấy tài khoản', en: 'User not found' });

/** An account: oneself always; others for admins/auditors over the account's unit; else USER_NOT_FOUND. */
export async function getUser(ctx: DomainContext, userId: string): Promise<User> {
  const user = await userRepository.findById(ctx.db, userId);
  if (!user) throw userNotFound();
  if (user.id !== ctx.actor.userId) {
    await authorize(ctx.db, ctx.actor, 'accounts.read', { unitId: user.unitId, notFound: userNotFound });
  }
  return user;
}
