import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * Report rollup counts of one unit over one Vietnamese calendar day (`report_daily`) or month
 * (`report_monthly`), kept by database triggers (migration 1765600000000; docs/reports.md). bigint:
 * returned by pg as strings. Never written by the application.
 */
abstract class RollupCounts {
  @Column({ name: 'out_total', type: 'bigint', default: 0 }) outTotal!: string;
  @Column({ name: 'out_classified', type: 'bigint', default: 0 }) outClassified!: string;
  @Column({ name: 'out_electronic', type: 'bigint', default: 0 }) outElectronic!: string;
  @Column({ name: 'out_paper', type: 'bigint', default: 0 }) outPaper!: string;
  @Column({ name: 'out_signed_seal', type: 'bigint', default: 0 }) outSignedSeal!: string;
  @Column({ name: 'out_signed_leader', type: 'bigint', default: 0 }) outSignedLeader!: string;
  @Column({ name: 'in_received', type: 'bigint', default: 0 }) inReceived!: string;
  @Column({ name: 'in_registered', type: 'bigint', default: 0 }) inRegistered!: string;
  @Column({ name: 'in_refused', type: 'bigint', default: 0 }) inRefused!: string;
  @Column({ name: 'in_returned', type: 'bigint', default: 0 }) inReturned!: string;
  @Column({ name: 'handled_early', type: 'bigint', default: 0 }) handledEarly!: string;
  @Column({ name: 'handled_on_time', type: 'bigint', default: 0 }) handledOnTime!: string;
  @Column({ name: 'handled_late', type: 'bigint', default: 0 }) handledLate!: string;
  @Column({ name: 'handling_seconds', type: 'bigint', default: 0 }) handlingSeconds!: string;
  @Column({ name: 'due_count', type: 'bigint', default: 0 }) dueCount!: string;
  @Column({ name: 'closed_count', type: 'bigint', default: 0 }) closedCount!: string;
}

@Entity({ name: 'report_daily' })
export class ReportDailyEntity extends RollupCounts {
  @PrimaryColumn({ type: 'date' }) day!: string;
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' }) unitId!: string;
}

@Entity({ name: 'report_monthly' })
export class ReportMonthlyEntity extends RollupCounts {
  @PrimaryColumn({ type: 'date' }) month!: string;
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' }) unitId!: string;
}

/** A report as issued at the end of its period (immutable: a trigger refuses updates and deletes). */
@Entity({ name: 'issued_reports' })
@Unique('issued_reports_period_key', ['unitId', 'scope', 'periodKey'])
export class IssuedReportEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'unit_id', type: 'uuid' }) unitId!: string;
  @Column({ type: 'text' }) scope!: string;
  @Column({ name: 'period_key', type: 'text' }) periodKey!: string;
  @Column({ name: 'period_from', type: 'date' }) periodFrom!: string;
  @Column({ name: 'period_to', type: 'date' }) periodTo!: string;
  @Column({ type: 'jsonb' }) report!: unknown;
  @Column({ name: 'issued_at', type: 'timestamptz' }) issuedAt!: Date;
}
