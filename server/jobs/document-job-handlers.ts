import type { JobHandler } from '../../workflows/exchange/job';
import { DEADLINE_REMINDER_JOB } from '../../workflows/exchange/assign-incoming';
import { remindDeadline } from '../../workflows/exchange/remind-deadline';
import { INCOMING_VALIDATE_JOB, URGENT_NOTICE_JOB } from '../../workflows/exchange/send-document';
import { noticeUrgent } from './notice-urgent';
import { validateIncoming, type ValidateIncomingDeps } from './validate-incoming';

/**
 * The handlers the server's worker runs for the document workflows: validation on arrival, urgent
 * notices, deadline reminders. (`edxml.send` belongs to the federation module.)
 */
export function documentJobHandlers(deps: ValidateIncomingDeps): Record<string, JobHandler> {
  return {
    [INCOMING_VALIDATE_JOB]: validateIncoming(deps),
    [URGENT_NOTICE_JOB]: noticeUrgent,
    [DEADLINE_REMINDER_JOB]: remindDeadline,
  };
}
