import { AuditEventEntity } from './entities/audit-event-entity';
import { SessionEntity } from './entities/session-entity';
import { UnitEntity } from './entities/unit-entity';
import { UnitHistoryEntity } from './entities/unit-history-entity';
import { UserEntity } from './entities/user-entity';

/** Every entity of the data source; later modules append theirs here. */
export const entities = [UnitEntity, UnitHistoryEntity, UserEntity, SessionEntity, AuditEventEntity];
