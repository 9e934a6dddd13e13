import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A search a user saved under a name (issue 12 item 8). */
@Entity({ name: 'saved_searches' })
@Unique(['userId', 'name'])
export class SavedSearchEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  query!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  filters!: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
